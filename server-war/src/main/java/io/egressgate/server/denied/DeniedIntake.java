package io.egressgate.server.denied;

import io.egressgate.names.DomainName;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Screens a gateway's {@code denied} frame record by record: both addresses must be single IP
 * addresses, the protocol short, the times not older than what is kept (a time in the future is
 * taken as now: gateway clocks drift). A name that is no valid DNS name is dropped, not the record.
 * A refused record is counted by reason; the rest is stored under the gateway id and hostname the
 * connection registered, never ones a frame names.
 */
@ApplicationScoped
public class DeniedIntake {

    /** Records one gateway id may have stored per minute: what a gateway token can make the database hold. */
    static final int MAX_RECORDS_PER_GATEWAY_MINUTE = 10_000;
    /** Attempts one record may claim: a lying gateway cannot overflow the sums. */
    static final long MAX_ATTEMPTS_PER_RECORD = 1_000_000_000L;
    /** Hostnames with a series of egress_gate_denied_total: registered gateways, and at most this many. */
    static final int MAX_HOSTNAME_SERIES = 10_000;
    private static final Logger LOG = Logger.getLogger(DeniedIntake.class.getName());

    @Inject
    DeniedStore store;

    @Inject
    DeniedRetention retention;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Set<String> hostnameSeries = ConcurrentHashMap.newKeySet();

    /** What a gateway id has had stored in the current minute. */
    private record Budget(long minute, int used) {
    }

    public void take(String gatewayId, String hostname, Denied frame) {
        long now = System.currentTimeMillis();
        long oldest = retention.retention().cutoff(now);
        List<Attempts> screened = new ArrayList<>(frame.records().size());
        for (DeniedRecord record : frame.records()) {
            String refusal = refusal(record, now, oldest);
            if (refusal != null) {
                refused(refusal, 1);
            } else {
                screened.add(attempts(record, now));
            }
        }
        int allowed = allowance(gatewayId, now, screened.size());
        if (allowed < screened.size()) {
            refused("gateway_limit", screened.size() - allowed);
            LOG.warning(() -> "gateway " + gatewayId + " reported more than " + MAX_RECORDS_PER_GATEWAY_MINUTE
                    + " denied records this minute; dropped " + (screened.size() - allowed));
        }
        List<Attempts> kept = screened.subList(0, allowed);
        if (!kept.isEmpty()) {
            store.add(gatewayId, kept);
        }
        metrics.counter("egressgate_denied_records_accepted").inc(kept.size());
        if (frame.dropped() > 0) {
            metrics.counter("egressgate_denied_dropped_at_gateways").inc(frame.dropped());
        }
        count(hostname, "egress_gate_denied", kept.stream().filter(a -> !a.wouldDeny()).mapToLong(Attempts::count).sum());
        count(hostname, "egress_gate_would_deny", kept.stream().filter(Attempts::wouldDeny).mapToLong(Attempts::count).sum());
    }

    /** Null when the record may be stored, else the reason label it is counted under. */
    private static String refusal(DeniedRecord record, long now, long oldest) {
        if (!isAddress(record.source())) {
            return "bad_source";
        }
        if (!isAddress(record.destination())) {
            return "bad_destination";
        }
        if (Protocol.canonical(record.protocol()).isEmpty()) {
            return "bad_protocol";
        }
        return millis(record.lastSeen(), now) < oldest ? "too_old" : null;
    }

    private static Attempts attempts(DeniedRecord record, long now) {
        long first = millis(record.firstSeen(), now);
        return new Attempts(first - first % Attempts.MINUTE, HostAddress.parse(record.source()),
                HostAddress.parse(record.destination()), Protocol.canonical(record.protocol()).orElseThrow(),
                record.port(), record.wouldDeny(), name(record.name()).orElse(null),
                Math.min(record.count(), MAX_ATTEMPTS_PER_RECORD), first, Math.max(first, millis(record.lastSeen(), now)));
    }

    /** Unix seconds on the gateway's clock as epoch milliseconds, never later than now. */
    private static long millis(long seconds, long now) {
        return seconds > now / 1000 ? now : seconds * 1000;
    }

    private static boolean isAddress(String text) {
        try {
            HostAddress.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> name(String text) {
        if (text == null || text.length() > 253) {
            return Optional.empty();
        }
        try {
            return Optional.of(DomainName.parse(text).ascii());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How many of {@code wanted} records the gateway may still store this minute; takes them. */
    private int allowance(String gatewayId, long now, int wanted) {
        long minute = now / Attempts.MINUTE;
        if (budgets.size() > MAX_HOSTNAME_SERIES) {
            budgets.values().removeIf(b -> b.minute() != minute);
        }
        int[] granted = new int[1];
        budgets.compute(gatewayId, (id, budget) -> {
            int used = budget == null || budget.minute() != minute ? 0 : budget.used();
            granted[0] = Math.max(0, Math.min(wanted, MAX_RECORDS_PER_GATEWAY_MINUTE - used));
            return new Budget(minute, used + granted[0]);
        });
        return granted[0];
    }

    private void count(String hostname, String metric, long attempts) {
        if (attempts == 0) {
            return;
        }
        if (hostnameSeries.contains(hostname)
                || (hostnameSeries.size() < MAX_HOSTNAME_SERIES && hostnameSeries.add(hostname))) {
            metrics.counter(metric, new Tag("hostname", hostname)).inc(attempts);
        } else {
            metrics.counter("egressgate_denied_series_refused").inc();
        }
    }

    private void refused(String reason, int count) {
        if (count > 0) {
            metrics.counter("egressgate_denied_records_refused", new Tag("reason", reason)).inc(count);
        }
    }
}
