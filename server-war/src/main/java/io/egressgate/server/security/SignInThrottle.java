package io.egressgate.server.security;

import io.egressgate.server.grid.DataGrid;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows password guessing: after five failures for one user name from one address, that pair must
 * wait a minute, doubling with every further failure up to an hour. Keyed by name and address so a
 * stranger elsewhere cannot lock the real user out. In a cluster the failures are counted in the
 * data grid: behind a load balancer a guesser would otherwise get five free tries per instance.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final long FIRST_PAUSE_MILLIS = 60_000;
    static final long LONGEST_PAUSE_MILLIS = 3_600_000;
    static final int MAX_PAIRS = 100_000;
    static final int KEY_NAME_LENGTH = 200;
    static final String GRID_MAP = "egressgate-sign-in-failures";

    @Inject
    DataGrid grid;

    /** By name and address: "count until" (strings, as the grid keeps them). */
    private ConcurrentMap<String, String> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long until) {

        static Failures parse(String text) {
            int space = text.indexOf(' ');
            return new Failures(Integer.parseInt(text.substring(0, space)), Long.parseLong(text.substring(space + 1)));
        }

        String text() {
            return count + " " + until;
        }
    }

    @PostConstruct
    void share() {
        failures = grid.sharedMap(GRID_MAP);
    }

    /** Milliseconds this pair must still wait; 0 when it may try. */
    public long waitMillis(String username, String address, long now) {
        String f = failures.get(key(username, address));
        return f == null ? 0 : Math.max(0, Failures.parse(f).until() - now);
    }

    public void failed(String username, String address, long now) {
        if (failures.size() > MAX_PAIRS) {
            failures.clear();
        }
        failures.compute(key(username, address), (k, text) -> {
            int count = text == null ? 1 : Failures.parse(text).count() + 1;
            long pause = count < FREE_FAILURES ? 0
                    : Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(10, count - FREE_FAILURES));
            return new Failures(count, now + pause).text();
        });
    }

    public void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    /**
     * Name and address; the name cut to {@value #KEY_NAME_LENGTH} characters: a form post may carry
     * a name of megabytes, and a guesser's hundred thousand of them must not fill the heap (or the
     * grid). Longer names that share their start share their count, which only throttles sooner.
     */
    private static String key(String username, String address) {
        String name = String.valueOf(username).strip().toLowerCase(Locale.ROOT);
        return (name.length() > KEY_NAME_LENGTH ? name.substring(0, KEY_NAME_LENGTH) : name) + "|" + address;
    }
}
