package io.egressgate.gateway.denials;

import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DeniedConnectionsTest {

    @TempDir
    Path dir;

    private final AtomicLong kernel = new AtomicLong(500);

    private DeniedConnections denials(int maxOpen) {
        return new DeniedConnections(new DeniedConnections.Settings(dir, maxOpen, 10_000, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ZERO), NameLookup.NONE, kernel::get, new DenialMetrics(new PrometheusRegistry()));
    }

    private static String line(int port) {
        return DeniedAttemptTest.TCP4.replace("\"dest_port\": 81", "\"dest_port\": " + port);
    }

    @Test
    void whatTheKernelCountedAndNoRecordHoldsIsDroppedAndReportedOnce() {
        DeniedConnections denials = denials(2);
        denials.readKernel(); // the count before this process is not its business
        for (int port = 1; port <= 4; port++) {
            denials.line(line(port)); // ports 3 and 4 find the table full
        }
        denials.line(line(1));
        kernel.addAndGet(10); // 10 attempts, 3 recorded, 2 refused by the table, 5 over the rate limit
        denials.readKernel();
        denials.flush(true);

        Denied frame = denials.next();
        assertThat(frame.records()).extracting(DeniedRecord::port, DeniedRecord::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, 2L), org.assertj.core.groups.Tuple.tuple(2, 1L));
        assertThat(frame.dropped()).isEqualTo(7);
        assertThat(denials.next()).as("one frame on its way at a time").isNull();
        denials.delivered(frame);

        assertThat(denials.next()).as("nothing new").isNull();
        kernel.addAndGet(1);
        denials.readKernel();
        assertThat(denials.next().dropped()).isEqualTo(1);
    }

    @Test
    void aFrameThatCouldNotBeSentIsOfferedAgainWithTheSameDropped() {
        DeniedConnections denials = denials(10);
        denials.readKernel();
        denials.line(line(1));
        kernel.addAndGet(3);
        denials.readKernel();
        denials.flush(true);

        Denied first = denials.next();
        denials.returned(first);

        assertThat(denials.next()).isEqualTo(first);
    }

    @Test
    void droppedNotYetReportedAndSpooledRecordsSurviveARestart() {
        DeniedConnections before = denials(10);
        before.readKernel();
        before.line(line(1));
        kernel.addAndGet(4);
        before.readKernel();
        before.close();

        DeniedConnections after = denials(10);
        after.readKernel();
        Denied frame = after.next();

        assertThat(frame.records()).singleElement().extracting(DeniedRecord::count).isEqualTo(1L);
        assertThat(frame.dropped()).isEqualTo(3);
    }

    @Test
    void aChainRewrittenUnderneathStartsItsCounterAgainWithoutLosingTheTotal() {
        DeniedConnections denials = denials(10);
        denials.readKernel();
        kernel.set(510);
        denials.readKernel();
        kernel.set(4); // the rules were rewritten: counters from 0
        denials.readKernel();

        assertThat(denials.totals()[1]).isEqualTo(14);
    }
}
