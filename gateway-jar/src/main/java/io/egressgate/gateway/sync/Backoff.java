package io.egressgate.gateway.sync;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between reconnect rounds: the delay doubles from {@code initial} up
 * to {@code cap}, and each wait is drawn between half and all of it so that a fleet of gateways does
 * not knock on a restarted server in step.
 */
public record Backoff(Duration initial, Duration cap, DoubleSupplier random) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= cap, got " + initial + " and " + cap);
        }
    }

    public static Backoff of(Duration initial, Duration cap) {
        return new Backoff(initial, cap, Math::random);
    }

    /** The wait before reconnect round {@code round} (0 for the first retry). */
    public Duration delay(int round) {
        long ceiling = initial.toMillis();
        for (int i = 0; i < round && ceiling < cap.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, cap.toMillis());
        return Duration.ofMillis(ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2)));
    }
}
