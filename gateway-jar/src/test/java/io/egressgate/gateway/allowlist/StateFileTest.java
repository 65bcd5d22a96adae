package io.egressgate.gateway.allowlist;

import io.egressgate.addresses.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void whatWasSavedIsLoadedBack() {
        StateFile file = new StateFile(dir.resolve("state"));
        AppliedAllowlist state = new AppliedAllowlist("epoch-1", 42L,
                new TreeSet<>(List.of(Cidr.parse("203.0.113.7"), Cidr.parse("2001:db8::/48"))),
                Map.of("10.0.0.1/32", "internal"));

        file.save(state);

        assertThat(file.load()).contains(state);
    }

    @Test
    void anUnsyncedStateKeepsItsNullRevision() {
        StateFile file = new StateFile(dir);
        file.save(AppliedAllowlist.empty());

        assertThat(file.load()).contains(AppliedAllowlist.empty());
    }

    @Test
    void savingLeavesNoTemporaryFilesAndReplacesTheOldState() throws Exception {
        StateFile file = new StateFile(dir);
        file.save(new AppliedAllowlist("e", 1L, new TreeSet<>(List.of(Cidr.parse("203.0.113.1"))), Map.of()));
        file.save(new AppliedAllowlist("e", 2L, new TreeSet<>(), Map.of()));

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("allowlist.json");
        }
        assertThat(file.load()).get().extracting(AppliedAllowlist::revision).isEqualTo(2L);
    }

    @Test
    void noFileMeansNoState() {
        assertThat(new StateFile(dir).load()).isEmpty();
    }

    @Test
    void aDamagedFileIsMovedAsideAndReported() throws Exception {
        StateFile file = new StateFile(dir);
        Files.writeString(file.path(), "{\"format\":1,\"epoch\":\"e\",\"revision\":3,\"cidrs\":[\"203.0.1");

        assertThatThrownBy(file::load).hasMessageContaining("cannot be read").hasMessageContaining(".unreadable");
        assertThat(file.path()).doesNotExist();
        assertThat(dir.resolve("allowlist.json.unreadable")).exists();
        assertThat(file.load()).isEmpty();
    }

    private static AppliedAllowlist state(long revision, String... cidrs) {
        return new AppliedAllowlist("e", revision, new TreeSet<>(java.util.Arrays.stream(cidrs).map(Cidr::parse).toList()),
                Map.of());
    }

    @Test
    void deltasAreJournalledAndReplayedOnLoad() throws Exception {
        StateFile file = new StateFile(dir);
        file.save(state(1, "203.0.113.1"));
        file.saveDelta(state(2, "203.0.113.1", "203.0.113.2"), List.of(Cidr.parse("203.0.113.2")), List.of(),
                Map.of("10.0.0.1/32", "internal"), List.of());
        file.saveDelta(state(3, "203.0.113.2"), List.of(), List.of(Cidr.parse("203.0.113.1")), Map.of(),
                List.of("10.0.0.1/32", "203.0.113.1/32"));

        assertThat(dir.resolve("allowlist.journal")).exists();
        AppliedAllowlist loaded = new StateFile(dir).load().orElseThrow();
        assertThat(loaded.revision()).isEqualTo(3L);
        assertThat(loaded.allowed()).containsExactly(Cidr.parse("203.0.113.2"));
        assertThat(loaded.skipped()).isEmpty();
    }

    @Test
    void aTornLastJournalLineIsIgnored() throws Exception {
        StateFile file = new StateFile(dir);
        file.save(state(1, "203.0.113.1"));
        file.saveDelta(state(2, "203.0.113.1", "203.0.113.2"), List.of(Cidr.parse("203.0.113.2")), List.of(), Map.of(),
                List.of());
        Files.writeString(dir.resolve("allowlist.journal"), "{\"epoch\":\"e\",\"revision\":3,\"add\":[\"203.0",
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(new StateFile(dir).load()).get().extracting(AppliedAllowlist::revision).isEqualTo(2L);
    }

    @Test
    void aSnapshotFoldsTheJournalInAndOldLinesAreNeverReplayedOnTopOfIt() throws Exception {
        StateFile file = new StateFile(dir);
        file.save(state(1));
        file.saveDelta(state(2, "203.0.113.9"), List.of(Cidr.parse("203.0.113.9")), List.of(), Map.of(), List.of());
        String oldJournal = Files.readString(dir.resolve("allowlist.journal"));
        file.save(state(5, "198.51.100.1"));
        assertThat(dir.resolve("allowlist.journal")).doesNotExist();

        Files.writeString(dir.resolve("allowlist.journal"), oldJournal); // as if the crash hit before its removal
        assertThat(new StateFile(dir).load()).get().satisfies(s -> {
            assertThat(s.revision()).isEqualTo(5L);
            assertThat(s.allowed()).containsExactly(Cidr.parse("198.51.100.1"));
        });
    }

    @Test
    void theJournalIsCompactedAfterManyDeltas() throws Exception {
        StateFile file = new StateFile(dir);
        file.save(state(0));
        for (int i = 1; i <= StateFile.COMPACT_AFTER + 2; i++) {
            file.saveDelta(state(i), List.of(), List.of(), Map.of(), List.of());
        }
        assertThat(Files.readAllLines(dir.resolve("allowlist.json")).get(0)).contains("\"revision\":" + (StateFile.COMPACT_AFTER + 1) + ",");
        assertThat(Files.readAllLines(dir.resolve("allowlist.journal"))).hasSize(1);
        assertThat(new StateFile(dir).load()).get().extracting(AppliedAllowlist::revision)
                .isEqualTo((long) StateFile.COMPACT_AFTER + 2);
    }
}
