package io.egressgate.server.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after five failures for one user name from one address, that pair must
 * wait a minute, doubling with every further failure up to an hour. Keyed by name and address so a
 * stranger elsewhere cannot lock the real user out.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final long FIRST_PAUSE_MILLIS = 60_000;
    static final long LONGEST_PAUSE_MILLIS = 3_600_000;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long until) {
    }

    /** Milliseconds this pair must still wait; 0 when it may try. */
    public long waitMillis(String username, String address, long now) {
        Failures f = failures.get(key(username, address));
        return f == null ? 0 : Math.max(0, f.until() - now);
    }

    public void failed(String username, String address, long now) {
        if (failures.size() > 100_000) {
            failures.clear();
        }
        failures.compute(key(username, address), (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            long pause = count < FREE_FAILURES ? 0
                    : Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(10, count - FREE_FAILURES));
            return new Failures(count, now + pause);
        });
    }

    public void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    private static String key(String username, String address) {
        return String.valueOf(username).strip().toLowerCase(Locale.ROOT) + "|" + address;
    }
}
