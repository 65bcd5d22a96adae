package io.egressgate.dns;

import io.egressgate.addresses.Cidr;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses learned from answers and until when each stays allowed; the kernel expires them by
 * itself (ipset timeouts), this is what the gateway knows and reports.
 */
final class LearnedAddresses {

    private final Map<Cidr, Long> expiries = new ConcurrentHashMap<>();

    /** Records the lifetimes from now and returns how many addresses are still live. */
    int add(Map<Cidr, Duration> lifetimes, long nowMillis) {
        lifetimes.forEach((cidr, lifetime) -> expiries.merge(cidr, nowMillis + lifetime.toMillis(), Math::max));
        expiries.values().removeIf(expiry -> expiry <= nowMillis);
        return expiries.size();
    }

    Map<Cidr, Long> snapshot() {
        return Map.copyOf(expiries);
    }
}
