package io.egressgate.gateway.traffic;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.Traffic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficReaderTest {

    private final Cidr a = Cidr.parse("203.0.113.7");
    private final Deque<Map<Cidr, Traffic>> kernel = new ArrayDeque<>();
    private final AtomicLong clock = new AtomicLong();
    private int reads;
    private final TrafficReader reader = new TrafficReader(() -> {
        reads++;
        return kernel.pop();
    }, Duration.ofSeconds(2), clock::get);

    @Test
    void readsAreSharedWithinTheCacheAge() {
        kernel.add(Map.of(a, new Traffic(10, 1, 20, 1)));
        kernel.add(Map.of(a, new Traffic(30, 2, 40, 2)));

        assertThat(reader.get()).containsEntry(a, new Traffic(10, 1, 20, 1));
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(reader.get()).containsEntry(a, new Traffic(10, 1, 20, 1));
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(reader.get()).containsEntry(a, new Traffic(30, 2, 40, 2));
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void aKernelCounterResetNeverMakesTheExportedValueGoDown() {
        kernel.add(Map.of(a, new Traffic(1000, 10, 5000, 8)));
        kernel.add(Map.of(a, new Traffic(100, 1, 0, 0)));   // set flushed and refilled, then 1 packet out
        kernel.add(Map.of(a, new Traffic(300, 3, 700, 2)));

        Traffic first = reader.get().get(a);
        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        Traffic second = reader.get().get(a);
        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        Traffic third = reader.get().get(a);

        assertThat(second).isEqualTo(new Traffic(1100, 11, 5000, 8));
        assertThat(third).isEqualTo(new Traffic(1300, 13, 5700, 10));
        assertThat(third.outBytes()).isGreaterThanOrEqualTo(second.outBytes()).isGreaterThanOrEqualTo(first.outBytes());
    }
}
