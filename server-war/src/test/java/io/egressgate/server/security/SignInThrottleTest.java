package io.egressgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.grid.DataGrid;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final SignInThrottle throttle = new SignInThrottle();

    @Test
    void fiveFailuresAreFreeThenTheNameAndAddressMustWait() {
        long now = 1_000_000;
        for (int i = 0; i < SignInThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("alice", "192.0.2.1", now);
            assertThat(throttle.waitMillis("alice", "192.0.2.1", now)).isZero();
        }
        throttle.failed("alice", "192.0.2.1", now);

        assertThat(throttle.waitMillis("alice", "192.0.2.1", now)).isEqualTo(SignInThrottle.FIRST_PAUSE_MILLIS);
        assertThat(throttle.waitMillis("Alice ", "192.0.2.1", now)).isPositive();
        assertThat(throttle.waitMillis("alice", "192.0.2.1", now + SignInThrottle.FIRST_PAUSE_MILLIS)).isZero();
    }

    @Test
    void theWaitDoublesAndStopsGrowingAtAnHour() {
        long now = 0;
        long previous = 0;
        for (int i = 0; i < 30; i++) {
            throttle.failed("bob", "192.0.2.2", now);
            long wait = throttle.waitMillis("bob", "192.0.2.2", now);
            assertThat(wait).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(SignInThrottle.LONGEST_PAUSE_MILLIS);
            previous = wait;
        }
        assertThat(previous).isEqualTo(SignInThrottle.LONGEST_PAUSE_MILLIS);
    }

    @Test
    void othersAreNotLockedOutAndASuccessForgetsTheFailures() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("carol", "198.51.100.9", 0);
        }

        assertThat(throttle.waitMillis("carol", "203.0.113.5", 0)).isZero();
        assertThat(throttle.waitMillis("dave", "198.51.100.9", 0)).isZero();
        throttle.succeeded("carol", "198.51.100.9");
        assertThat(throttle.waitMillis("carol", "198.51.100.9", 0)).isZero();
    }

    @Test
    void aHugeNameIsKeptCutSoGuessesCannotFillTheHeap() {
        DataGrid alone = new DataGrid();
        SignInThrottle shared = new SignInThrottle();
        shared.grid = alone;
        shared.share();
        String huge = "m".repeat(1_000_000);
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            shared.failed(huge + i, "192.0.2.9", 0);
        }
        assertThat(alone.sharedMap(SignInThrottle.GRID_MAP)).hasSize(1).allSatisfy((key, count) ->
                assertThat(key.length()).isLessThanOrEqualTo(SignInThrottle.KEY_NAME_LENGTH + "|192.0.2.9".length()));
        assertThat(shared.waitMillis(huge + "another", "192.0.2.9", 0)).as("the same start, the same count").isPositive();
    }
}
