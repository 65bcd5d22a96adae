package io.egressgate.gateway.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void theCeilingDoublesEachRoundUpToTheCap() {
        Backoff full = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999999);

        assertThat(full.delay(0)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(full.delay(1)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
        assertThat(full.delay(4)).isBetween(Duration.ofMillis(15999), Duration.ofSeconds(16));
        assertThat(full.delay(5)).isEqualTo(full.delay(50)).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Property
    void everyWaitIsBetweenHalfTheCeilingAndTheCap(@ForAll @IntRange(min = 0, max = 1000) int round,
                                                   @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> r);
        Duration delay = backoff.delay(round);

        assertThat(delay).isLessThanOrEqualTo(Duration.ofSeconds(30)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        if (round >= 5) {
            assertThat(delay).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
        }
    }
}
