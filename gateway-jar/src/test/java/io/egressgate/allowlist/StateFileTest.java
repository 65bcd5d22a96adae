package io.egressgate.allowlist;

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
}
