package io.egressgate.gateway.denials;

import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DenialSpoolTest {

    @TempDir
    Path dir;

    private static List<DeniedRecord> records(int first, int howMany, long count) {
        return IntStream.range(first, first + howMany).mapToObj(port -> new DeniedRecord("10.0.0.5", "203.0.113.11",
                "tcp", port, null, 60, 61, count, false)).toList();
    }

    @Test
    void recordsSurviveARestartAndLeaveOnlyWhenDelivered() throws Exception {
        DenialSpool spool = new DenialSpool(dir, 10_000);
        spool.append(records(1, 2_500, 1));
        spool.saveUnreportedDropped(42);

        DenialSpool reopened = new DenialSpool(dir, 10_000);
        assertThat(reopened.records()).isEqualTo(2_500);
        assertThat(reopened.unreportedDropped()).isEqualTo(42);
        DenialSpool.Batch first = reopened.oldest();
        assertThat(first.records()).hasSize(Denied.MAX_RECORDS).first().extracting(DeniedRecord::port).isEqualTo(1);
        assertThat(reopened.oldest().records()).as("the next frame, while the first is on its way")
                .first().extracting(DeniedRecord::port).isEqualTo(1_001);

        reopened.delivered(first);
        assertThat(reopened.records()).isEqualTo(1_500);
        assertThat(new DenialSpool(dir, 10_000).records()).isEqualTo(1_500);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aReturnedBatchIsOfferedAgain() {
        DenialSpool spool = new DenialSpool(dir, 10_000);
        spool.append(records(1, 10, 1));
        DenialSpool.Batch batch = spool.oldest();
        assertThat(spool.oldest()).isNull();

        spool.returned(batch);

        assertThat(spool.oldest().records()).isEqualTo(batch.records());
    }

    @Test
    void pastTheBoundTheOldestGoAndTheirAttemptsAreReturnedButNeverOnesBeingSent() {
        DenialSpool spool = new DenialSpool(dir, 2_000);
        spool.append(records(1, 1_000, 2));
        DenialSpool.Batch sending = spool.oldest();
        spool.append(records(1_001, 1_000, 3));

        long discarded = spool.append(records(2_001, 1_000, 5));

        assertThat(discarded).as("the second file, 1,000 records of 3 attempts").isEqualTo(3_000);
        assertThat(spool.records()).isEqualTo(2_000);
        spool.delivered(sending);
        assertThat(spool.oldest().records()).first().extracting(DeniedRecord::port).isEqualTo(2_001);
    }

    @Test
    void recordsThatCannotBeWrittenAreReturnedAsDiscarded() throws Exception {
        DenialSpool spool = new DenialSpool(dir, 10_000);
        // a directory where the next file would go makes its rename fail, as a full disk would its write
        Files.createDirectories(dir.resolve("0000000000000000000.json"));
        Files.writeString(dir.resolve("0000000000000000000.json").resolve("occupied"), "x");

        assertThat(spool.append(records(1, 10, 2))).isEqualTo(20);
        assertThat(spool.records()).isZero();
    }

    @Test
    void aFileThatIsNotDeniedRecordsIsRemovedAtStart() throws Exception {
        Files.writeString(dir.resolve("0000000000000000007.json"), "{\"type\":\"hello\"");

        DenialSpool spool = new DenialSpool(dir, 100);

        assertThat(spool.records()).isZero();
        assertThat(dir.resolve("0000000000000000007.json")).doesNotExist();
    }
}
