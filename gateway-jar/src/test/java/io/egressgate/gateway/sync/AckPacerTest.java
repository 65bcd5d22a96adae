package io.egressgate.gateway.sync;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Skipped;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AckPacerTest {

    private static final long MS = 1_000_000;

    @Test
    void theFirstAckGoesAtOnceAndABurstAfterItBecomesOneAckOfTheNewestRevision() {
        AckPacer pacer = new AckPacer(Duration.ofMillis(200));
        assertThat(pacer.offer(new Ack(1, 1, List.of(), 3), 1_000 * MS)).isEqualTo(new Ack(1, 1, List.of(), 3));

        assertThat(pacer.offer(new Ack(2, 1, List.of(), 2), 1_010 * MS)).isNull();
        assertThat(pacer.needsFlush()).isTrue();
        assertThat(pacer.waitNanos(1_010 * MS)).isEqualTo(190 * MS);
        assertThat(pacer.offer(new Ack(3, 2, List.of(new Skipped("10.0.0.1/32", "internal")), 4), 1_020 * MS)).isNull();
        assertThat(pacer.needsFlush()).as("one timer for the whole burst").isFalse();

        assertThat(pacer.flush(1_200 * MS)).isEqualTo(new Ack(3, 3, List.of(new Skipped("10.0.0.1/32", "internal")), 6));
        assertThat(pacer.flush(1_201 * MS)).isNull();
    }

    @Test
    void anAckAfterAQuietIntervalGoesAtOnce() {
        AckPacer pacer = new AckPacer(Duration.ofMillis(200));
        pacer.offer(new Ack(1, 0, List.of(), 0), 0);

        assertThat(pacer.offer(new Ack(2, 0, List.of(), 0), 250 * MS)).isEqualTo(new Ack(2, 0, List.of(), 0));
        assertThat(pacer.needsFlush()).isFalse();
    }

    @Test
    void theNewestRevisionWinsEvenWhenItIsLowerAfterANewEpoch() {
        AckPacer pacer = new AckPacer(Duration.ofMillis(200));
        pacer.offer(new Ack(40, 0, List.of(), 0), 0);
        pacer.offer(new Ack(41, 0, List.of(), 0), 10 * MS);
        pacer.offer(new Ack(2, 5, List.of(), 0), 20 * MS);

        assertThat(pacer.flush(200 * MS).revision()).isEqualTo(2);
    }
}
