package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How the gateway lays out its rules: which families, whether it masquerades allowed traffic, whether
 * dropped packets are logged (rate-limited), which internal ranges it leaves alone, whether the
 * DNS forwarder's learned addresses are let through too, to which local port DNS that clients send
 * through the gateway is redirected (0: none), whether what is not allowed is dropped or only reported,
 * and where denied new connections are logged.
 */
public record DataplaneOptions(Set<Family> families, boolean masquerade, boolean logDrops, InternalRanges internal,
                               boolean learning, int interceptPort, EnforcementMode mode, DenialLog denialLog) {

    public DataplaneOptions {
        families = families.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(families));
        java.util.Objects.requireNonNull(mode, "mode");
        java.util.Objects.requireNonNull(denialLog, "denialLog");
    }

    public DataplaneOptions(Set<Family> families, boolean masquerade, boolean logDrops, InternalRanges internal) {
        this(families, masquerade, logDrops, internal, false, 0, EnforcementMode.ENFORCE, DenialLog.defaults());
    }

    public DataplaneOptions withLearning(boolean on) {
        return new DataplaneOptions(families, masquerade, logDrops, internal, on, interceptPort, mode, denialLog);
    }

    /** DNS (udp and tcp 53) that clients send through the gateway to any resolver goes to this local port. */
    public DataplaneOptions withDnsInterceptedTo(int port) {
        return new DataplaneOptions(families, masquerade, logDrops, internal, learning, port, mode, denialLog);
    }

    public DataplaneOptions withMode(EnforcementMode next) {
        return new DataplaneOptions(families, masquerade, logDrops, internal, learning, interceptPort, next, denialLog);
    }

    public DataplaneOptions withDenialLog(DenialLog next) {
        return new DataplaneOptions(families, masquerade, logDrops, internal, learning, interceptPort, mode, next);
    }

    /**
     * The nat table's PREROUTING: DNS passing through (not addressed to the gateway itself) is redirected
     * to the forwarder, which then answers in the resolver's name; hosts need no change.
     */
    TableLayout dnsInterception(Family family) {
        String chain = Family.DNS_CHAIN;
        List<Rule> rules = new ArrayList<>();
        if (interceptPort > 0) {
            for (String protocol : List.of("udp", "tcp")) {
                rules.add(new Rule(chain, "-p " + protocol + " --dport 53 -m addrtype ! --dst-type LOCAL",
                        "REDIRECT --to-ports " + interceptPort));
            }
        }
        return new TableLayout("nat", "PREROUTING", true, chain, rules);
    }

    public static DataplaneOptions defaults() {
        return new DataplaneOptions(EnumSet.allOf(Family.class), true, false, InternalRanges.defaults());
    }

    public boolean handles(Family family) {
        return families.contains(family);
    }

    /**
     * The filter table: accept towards allowed, accept their replies, leave internal alone, then drop other
     * public destinations, or in report mode let them pass; new connections among those are logged.
     */
    TableLayout filter(Family family) {
        String chain = Family.FORWARD_CHAIN;
        List<Rule> rules = new ArrayList<>();
        // matched on every packet, not only the first: counters stay exact and a removed address stops
        // established flows too
        rules.add(new Rule(chain, "-m set --match-set " + family.outboundSet() + " dst", "ACCEPT"));
        rules.add(new Rule(chain, "-m set --match-set " + family.inboundSet() + " src"
                + " -m conntrack --ctstate RELATED,ESTABLISHED", "ACCEPT"));
        if (learning) {
            String mark = Family.LEARNED_MARK;
            rules.add(new Rule(chain, "-m conntrack --ctstate NEW -m set --match-set " + family.learnedSet() + " dst",
                    "CONNMARK --or-mark " + mark));
            rules.add(new Rule(chain, "-m connmark --mark " + mark + "/" + mark, "ACCEPT"));
        }
        List<Cidr> ranges = leftAlone(family);
        for (Cidr range : ranges) {
            rules.add(new Rule(chain, "-d " + range, "RETURN"));
        }
        if (mode == EnforcementMode.REPORT) {
            // tunnels and translators out stay closed in report mode: no entry could ever allow them
            for (Cidr way : waysOut(family)) {
                rules.addAll(denialLog.ending(chain, "-d " + way, DenialLog.DENY_PREFIX, "DROP"));
            }
            rules.addAll(denialLog.ending(chain, "", DenialLog.WOULD_DENY_PREFIX, "ACCEPT"));
        } else {
            if (logDrops) {
                rules.add(new Rule(chain, "-m limit --limit 10/min --limit-burst 5",
                        "LOG --log-prefix \"" + Family.OWNER + " drop: \""));
            }
            rules.addAll(denialLog.ending(chain, "", DenialLog.DENY_PREFIX, "DROP"));
        }
        // The policy is the gate's last line: a flush removes every rule, the DROP policy stays.
        return new TableLayout("filter", "FORWARD", true, chain, rules, "DROP");
    }

    /**
     * Internal traffic RETURNs from the gateway's chain so that the host's own FORWARD rules still see it;
     * this chain, jumped to last, then accepts it as the ACCEPT policy used to.
     */
    TableLayout internalTraffic(Family family) {
        String chain = Family.INTERNAL_CHAIN;
        List<Rule> rules = new ArrayList<>();
        for (Cidr range : leftAlone(family)) {
            rules.add(new Rule(chain, "-d " + range, "ACCEPT"));
        }
        return new TableLayout("filter", "FORWARD", false, chain, rules);
    }

    /** The nat table: masquerade towards allowed destinations, without touching the set's counters twice. */
    TableLayout nat(Family family) {
        String chain = Family.NAT_CHAIN;
        List<Rule> rules = new ArrayList<>();
        if (masquerade) {
            rules.add(new Rule(chain, "-m set --match-set " + family.outboundSet() + " dst ! --update-counters",
                    "MASQUERADE"));
            if (learning) {
                rules.add(new Rule(chain, "-m set --match-set " + family.learnedSet() + " dst ! --update-counters",
                        "MASQUERADE"));
            }
            if (mode == EnforcementMode.REPORT) {
                // what report mode lets through must come back, so it is masqueraded like allowed traffic
                for (Cidr range : family == Family.IPV4 ? internal.ipv4() : internal.ipv6()) {
                    rules.add(new Rule(chain, "-d " + range, "RETURN"));
                }
                rules.add(new Rule(chain, "-m addrtype ! --src-type LOCAL", "MASQUERADE"));
            }
        }
        return new TableLayout("nat", "POSTROUTING", false, chain, rules);
    }

    /**
     * Tunnels and translators out of the network: internal in the sense that no entry may allow them, but
     * never traffic the gateway may let pass untouched. Internal ranges inside them are dropped instead.
     */
    private static final List<Cidr> WAYS_OUT = List.of(Cidr.parse("192.88.99.0/24"), Cidr.parse("2001::/23"),
            Cidr.parse("2002::/16"), Cidr.parse("64:ff9b::/96"), Cidr.parse("64:ff9b:1::/48"));

    /** The internal ranges inside the ways out: dropped whatever the mode. */
    List<Cidr> waysOut(Family family) {
        return (family == Family.IPV4 ? internal.ipv4() : internal.ipv6()).stream()
                .filter(range -> WAYS_OUT.stream().anyMatch(way -> way.contains(range))).toList();
    }

    /** The tags of the filter rules whose packet counters count denied (or would-deny) new connections. */
    Set<String> attemptTags(Family family) {
        Set<String> tags = new java.util.HashSet<>();
        filter(family).rules().stream().filter(DenialLog::countsAttempts).forEach(rule -> tags.add(rule.tag()));
        return tags;
    }

    /** The internal ranges the gateway leaves to the host's own rules: every one but the ways out. */
    List<Cidr> leftAlone(Family family) {
        return (family == Family.IPV4 ? internal.ipv4() : internal.ipv6()).stream()
                .filter(range -> WAYS_OUT.stream().noneMatch(way -> way.contains(range))).toList();
    }

    List<TableLayout> tables(Family family) {
        return interceptPort > 0
                ? List.of(filter(family), internalTraffic(family), nat(family), dnsInterception(family))
                : List.of(filter(family), internalTraffic(family), nat(family));
    }
}
