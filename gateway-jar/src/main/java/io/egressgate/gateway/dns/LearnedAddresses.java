package io.egressgate.gateway.dns;

import io.egressgate.addresses.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses learned from answers: for which allowed name and until when each stays allowed. The
 * kernel expires them by itself (ipset timeouts); this is what the gateway knows and reports to the
 * server, which publishes them to the other gateways.
 */
public final class LearnedAddresses {

    /** One learned address as reported: the name it answered, and how long it stays allowed from now. */
    public record Report(String name, Cidr address, long expiresInSeconds) {
    }

    private record Learned(String name, long expiresAtMillis) {
    }

    private final Map<Cidr, Learned> learned = new ConcurrentHashMap<>();
    private final Set<Cidr> unreported = new LinkedHashSet<>();

    /** Records the lifetimes from now and returns how many addresses are still live. */
    int add(String name, Map<Cidr, Duration> lifetimes, long nowMillis) {
        lifetimes.forEach((cidr, lifetime) -> {
            long expiry = nowMillis + lifetime.toMillis();
            learned.merge(cidr, new Learned(name, expiry), (old, next) -> next.expiresAtMillis() >= old.expiresAtMillis() ? next : old);
            synchronized (unreported) {
                unreported.add(cidr);
            }
        });
        learned.values().removeIf(entry -> entry.expiresAtMillis() <= nowMillis);
        return learned.size();
    }

    /** What was learned or extended since the last call, at most {@code limit}; the rest waits for the next. */
    public List<Report> unreported(long nowMillis, int limit) {
        List<Report> reports = new ArrayList<>();
        synchronized (unreported) {
            var it = unreported.iterator();
            while (it.hasNext() && reports.size() < limit) {
                Cidr cidr = it.next();
                it.remove();
                Learned entry = learned.get(cidr);
                if (entry != null && entry.expiresAtMillis() > nowMillis) {
                    reports.add(new Report(entry.name(), cidr, Math.max(1, (entry.expiresAtMillis() - nowMillis) / 1000)));
                }
            }
        }
        return reports;
    }
}
