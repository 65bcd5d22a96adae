package io.egressgate.server.gateways;

import io.egressgate.addresses.Cidr;
import io.egressgate.names.DomainName;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.LearnedAddress;
import io.egressgate.server.entries.EntryRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Screens a gateway's {@code learned} frame address by address, as an operator's entry is screened:
 * the text must be a name and a host address, the address must pass the server's policy (never
 * internal, whatever a DNS answer said), and the name must be allowed by a domain or wildcard entry.
 * What fails is dropped and counted by reason; the rest is recorded under the registered gateway id.
 */
@ApplicationScoped
public class LearnedIntake {

    private static final Logger LOG = Logger.getLogger(LearnedIntake.class.getName());

    @Inject
    EntryRules rules;

    @Inject
    LearnedRecorder recorder;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    void take(String gatewayId, Learned frame) {
        long now = System.currentTimeMillis();
        List<LearnedRecorder.Report> reports = new ArrayList<>();
        for (LearnedAddress address : frame.addresses()) {
            String refusal = screen(address);
            if (refusal != null) {
                refused(refusal, 1);
                continue;
            }
            reports.add(new LearnedRecorder.Report(DomainName.parse(address.name()), Cidr.parse(address.cidr()).toString(),
                    now + address.expiresInSeconds() * 1000));
        }
        if (reports.isEmpty()) {
            return;
        }
        LearnedRecorder.Outcome outcome = recorder.record(gatewayId, reports, now);
        refused("name_not_allowed", outcome.nameNotAllowed());
        refused("gateway_limit", outcome.overGatewayLimit());
        metrics.counter("egressgate_learned_addresses_accepted").inc(outcome.accepted());
        if (outcome.overGatewayLimit() > 0) {
            LOG.warning(() -> "gateway " + gatewayId + " holds " + LearnedRecorder.MAX_PER_GATEWAY
                    + " learned addresses; refused " + outcome.overGatewayLimit() + " more");
        }
    }

    /** Null when the address may be recorded, else the reason label it is counted under. */
    private String screen(LearnedAddress address) {
        try {
            DomainName.parse(address.name());
        } catch (IllegalArgumentException notAName) {
            return "not_a_name";
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(address.cidr());
        } catch (IllegalArgumentException notACidr) {
            return "not_a_cidr";
        }
        if (!cidr.isHost()) {
            return "not_a_host_address";
        }
        return rules.policy().rejection(cidr).isPresent() ? "policy" : null;
    }

    private void refused(String reason, int count) {
        if (count > 0) {
            metrics.counter("egressgate_learned_addresses_refused", new Tag("reason", reason)).inc(count);
        }
    }
}
