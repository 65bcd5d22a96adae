package io.egressgate.server.resolution;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The resolver's configuration, validated once. Every value comes from the server's YAML (through
 * MicroProfile Config as {@code egressgate.<key>}); a bad value stops the server with one line
 * naming the key, rather than a resolver that silently does something else.
 *
 * @param servers       the DNS servers, tried in order of health; empty means the system's resolv.conf
 * @param interval      the longest time between two resolutions of a name ({@code resolve_interval})
 * @param minTtl        the shortest ({@code min_ttl}); TTL 0 names are re-queried this often
 * @param grace         how long an address stays allowed after DNS last returned it ({@code grace_period})
 * @param maxAddresses  the cap per name ({@code max_addresses_per_domain})
 * @param queryTimeout  one attempt at one server ({@code dns_timeout})
 * @param attempts      attempts per server and query
 * @param concurrency   names being looked up at the same time ({@code resolve_concurrency})
 */
public record ResolverSettings(List<InetSocketAddress> servers, Duration interval, Duration minTtl, Duration grace,
                               int maxAddresses, Duration queryTimeout, int attempts, int concurrency) {

    public static final int ATTEMPTS_PER_SERVER = 2;

    /** Reads the settings; {@code config} answers a key like {@code resolve_interval} or null. */
    public static ResolverSettings from(Function<String, Optional<String>> config) {
        List<InetSocketAddress> servers = config.apply("dns_servers").map(DnsServers::parse).orElse(List.of());
        Duration interval = Duration.ofSeconds(whole(config, "resolve_interval", 60, 1, 86_400));
        Duration minTtl = Duration.ofSeconds(whole(config, "min_ttl", 5, 0, 86_400));
        if (minTtl.compareTo(interval) > 0) {
            throw new IllegalArgumentException("min_ttl (" + minTtl.toSeconds() + " s) must not be longer than "
                    + "resolve_interval (" + interval.toSeconds() + " s)");
        }
        Duration grace = Duration.ofSeconds(whole(config, "grace_period", 600, 0, 30L * 86_400));
        int maxAddresses = (int) whole(config, "max_addresses_per_domain", 1000, 1, 100_000);
        Duration timeout = seconds(config, "dns_timeout", "2");
        int concurrency = (int) whole(config, "resolve_concurrency", 100, 1, 10_000);
        return new ResolverSettings(servers, interval, minTtl, grace, maxAddresses, timeout,
                ATTEMPTS_PER_SERVER, concurrency);
    }

    /** How long to wait before asking again after an answer with this TTL (seconds; negative: none given). */
    public Duration nextAfterAnswer(long ttlSeconds) {
        if (ttlSeconds < 0) {
            return interval;
        }
        Duration ttl = Duration.ofSeconds(ttlSeconds);
        return ttl.compareTo(minTtl) < 0 ? atLeastOneSecond(minTtl) : ttl.compareTo(interval) > 0 ? interval : ttl;
    }

    /**
     * After the n-th failure in a row: quickly at first (a lost packet should not leave a name stale
     * for a whole interval), doubling up to the interval, so a resolver that comes back is noticed
     * within one interval as the seed promises.
     */
    public Duration nextAfterFailure(int failuresInARow) {
        long base = Math.max(1000, minTtl.toMillis());
        long delay = base << Math.min(20, Math.max(1, failuresInARow));
        return Duration.ofMillis(Math.min(delay, interval.toMillis()));
    }

    /** The longest one lookup (A and AAAA, every server, every attempt, a few CNAME hops) may take. */
    public Duration lookupBudget() {
        int servers = Math.max(1, this.servers.size());
        return queryTimeout.multipliedBy((long) servers * attempts).multipliedBy(3).plusSeconds(1);
    }

    private static Duration atLeastOneSecond(Duration duration) {
        return duration.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : duration;
    }

    private static long whole(Function<String, Optional<String>> config, String key, long fallback, long min, long max) {
        Optional<String> text = config.apply(key).map(String::strip).filter(s -> !s.isEmpty());
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number between " + min + " and " + max
                + ", not '" + text.get() + "'");
    }

    private static Duration seconds(Function<String, Optional<String>> config, String key, String fallback) {
        String text = config.apply(key).map(String::strip).filter(s -> !s.isEmpty()).orElse(fallback);
        try {
            double value = Double.parseDouble(text);
            if (value >= 0.05 && value <= 60) {
                return Duration.ofMillis(Math.round(value * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a number of seconds between 0.05 and 60, not '" + text + "'");
    }
}
