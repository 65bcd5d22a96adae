package io.egressgate.deployment;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Bounded polling: every wait in the box has a deadline. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls until the supplier gives a value or the time is up; the value, or empty. */
    public static <T> Optional<T> poll(Duration timeout, Duration every, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent() || System.nanoTime() > deadline) {
                return value;
            }
            sleep(every);
        }
    }

    /** Polls a condition; how long it took to hold, or empty if it never did. */
    public static Optional<Duration> until(Duration timeout, Duration every, Supplier<Boolean> condition) {
        long start = System.nanoTime();
        return poll(timeout, every, () -> condition.get()
                ? Optional.of(Duration.ofNanos(System.nanoTime() - start)) : Optional.empty());
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
