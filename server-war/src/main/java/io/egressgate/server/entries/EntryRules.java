package io.egressgate.server.entries;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.protocol.ServerPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The allowlist policy as configured: built-in internal ranges plus the operator's, and the floors. */
@ApplicationScoped
public class EntryRules {

    @Inject
    @ConfigProperty(name = "egressgate.internal_ranges")
    Optional<String> extraInternalRanges;

    @Inject
    @ConfigProperty(name = "egressgate.cidr_floor_v4", defaultValue = "8")
    int floorV4;

    @Inject
    @ConfigProperty(name = "egressgate.cidr_floor_v6", defaultValue = "32")
    int floorV6;

    private AllowlistPolicy policy;
    private ServerPolicy forGateways;

    @PostConstruct
    void build() {
        List<Cidr> extra = extraInternalRanges.stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
        policy = new AllowlistPolicy(InternalRanges.defaults().withExtra(extra), floorV4, floorV6);
        forGateways = new ServerPolicy(policy.internal().extra().stream().map(Cidr::toString).toList(), floorV4, floorV6);
    }

    /** What gateways add to their own screening: the operator's internal ranges and the floors. */
    public ServerPolicy forGateways() {
        return forGateways;
    }

    /** Also for injection, so that others (the resolver) take the policy without knowing where it is configured. */
    @Produces
    public AllowlistPolicy policy() {
        return policy;
    }

    public EntryValue parse(String raw) {
        return EntryValue.parse(raw, policy);
    }
}
