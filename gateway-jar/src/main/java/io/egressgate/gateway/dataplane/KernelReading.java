package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the kernel holds: the gateway's sets, their headers, the tables' rules and counters. Reads only. */
final class KernelReading {

    private static final Pattern COUNTED_RULE = Pattern.compile("\\[(\\d+):\\d+] -A " + Family.FORWARD_CHAIN + " ");

    private final CommandRunner runner;

    KernelReading(CommandRunner runner) {
        this.runner = runner;
    }

    /** The gateway's sets (and left-over temporary ones) with members and counters, read in one batch. */
    Map<String, KernelSet> sets() {
        StringBuilder saves = new StringBuilder();
        for (String name : setNames()) {
            if (owned(name)) {
                saves.append("save ").append(name).append('\n');
            }
        }
        if (saves.isEmpty()) {
            return Map.of();
        }
        KernelSet.Parser parser = new KernelSet.Parser();
        runner.run(List.of("ipset", "restore"), saves.toString(), parser).orThrow();
        return parser.sets();
    }

    /** Entries per set from the headers alone: the cheap read-back after a delta. */
    Map<String, Integer> entryCounts() {
        String list = runner.run(List.of("ipset", "list", "-t")).orThrow();
        Map<String, Integer> counts = new HashMap<>();
        String name = null;
        for (String line : list.split("\n")) {
            if (line.startsWith("Name: ")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("Number of entries: ") && name != null) {
                counts.put(name, Integer.parseInt(line.substring(19).strip()));
            }
        }
        return counts;
    }

    List<String> setNames() {
        return runner.run(List.of("ipset", "list", "-n")).orThrow().lines().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The family's tables as {@code iptables-save} prints them; fails when it cannot be read. */
    String tables(Family family) {
        return runner.run(List.of(family.save())).orThrow();
    }

    /** As {@link #tables}, or null when it cannot be read (a caller that then leaves the family alone). */
    String tablesOrNull(Family family) {
        CommandRunner.Result save = runner.run(List.of(family.save()));
        return save.ok() ? save.stdout() : null;
    }

    static TableState state(String save, TableLayout layout) {
        return TableState.parse(save, layout.table(), layout.builtinChain(), layout.ownChain());
    }

    /** Bytes and packets per address, outbound from the destination sets and inbound from the source sets. */
    Map<Cidr, Traffic> traffic(Iterable<Family> families) {
        Map<String, Boolean> outbound = new HashMap<>();
        for (Family family : families) {
            outbound.put(family.outboundSet(), true);
            outbound.put(family.inboundSet(), false);
        }
        StringBuilder saves = new StringBuilder();
        Map<Cidr, Traffic> traffic = new HashMap<>();
        for (String name : setNames()) {
            if (outbound.containsKey(name)) {
                saves.append("save ").append(name).append('\n');
            }
        }
        if (saves.isEmpty()) {
            return traffic;
        }
        // straight from the output into one map: no per-set member maps, half the garbage per scrape
        KernelSet.Parser members = new KernelSet.Parser(name -> (cidr, count) -> traffic.merge(cidr,
                outbound.get(name) ? new Traffic(count.bytes(), count.packets(), 0, 0)
                        : new Traffic(0, 0, count.bytes(), count.packets()), Traffic::plus));
        runner.run(List.of("ipset", "restore"), saves.toString(), members).orThrow();
        return traffic;
    }

    /** The packet counters of the family's forward rules that carry one of these tags. */
    long countedPackets(Family family, Set<String> tags) {
        long total = 0;
        String save = runner.run(List.of(family.save(), "-c", "-t", "filter")).orThrow();
        for (String line : save.split("\n")) {
            Matcher counted = COUNTED_RULE.matcher(line);
            if (counted.lookingAt() && tags.contains(Rule.tagIn(line))) {
                total += Long.parseLong(counted.group(1));
            }
        }
        return total;
    }

    static boolean owned(String set) {
        return set.startsWith(Family.OWNER + "-");
    }
}
