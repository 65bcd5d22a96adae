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
 * DNS forwarder's learned addresses are let through too, and to which local port DNS that clients send
 * through the gateway is redirected (0: none).
 */
public record DataplaneOptions(Set<Family> families, boolean masquerade, boolean logDrops, InternalRanges internal,
                               boolean learning, int interceptPort) {

    public DataplaneOptions {
        families = families.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(families));
    }

    public DataplaneOptions(Set<Family> families, boolean masquerade, boolean logDrops, InternalRanges internal) {
        this(families, masquerade, logDrops, internal, false, 0);
    }

    public DataplaneOptions withLearning(boolean on) {
        return new DataplaneOptions(families, masquerade, logDrops, internal, on, interceptPort);
    }

    /** DNS (udp and tcp 53) that clients send through the gateway to any resolver goes to this local port. */
    public DataplaneOptions withDnsInterceptedTo(int port) {
        return new DataplaneOptions(families, masquerade, logDrops, internal, learning, port);
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

    /** The filter table: accept towards allowed, accept their replies, leave internal alone, drop other public. */
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
        if (logDrops) {
            rules.add(new Rule(chain, "-m limit --limit 10/min --limit-burst 5",
                    "LOG --log-prefix \"" + Family.OWNER + " drop: \""));
        }
        rules.add(new Rule(chain, "", "DROP"));
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
        }
        return new TableLayout("nat", "POSTROUTING", false, chain, rules);
    }

    /**
     * Tunnels and translators out of the network: internal in the sense that no entry may allow them, but
     * never traffic the gateway may let pass untouched. Internal ranges inside them are dropped instead.
     */
    private static final List<Cidr> WAYS_OUT = List.of(Cidr.parse("192.88.99.0/24"), Cidr.parse("2001::/23"),
            Cidr.parse("2002::/16"), Cidr.parse("64:ff9b::/96"), Cidr.parse("64:ff9b:1::/48"));

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
