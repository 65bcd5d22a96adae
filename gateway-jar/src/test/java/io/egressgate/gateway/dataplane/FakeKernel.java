package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for ipset and iptables at the command level, for unit tests of the dataplane's diff: sets
 * are simulated (create, add, del, swap, destroy, save, list), iptables-save prints the gateway's
 * layout once an iptables-restore has been run for that family. Every command is recorded.
 */
final class FakeKernel extends CommandRunner {

    final List<String> commands = new ArrayList<>();
    final List<String> writes = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    final Map<String, Map<String, long[]>> members = new HashMap<>();
    private static final Pattern POLICY = Pattern.compile(":([A-Z]+) (ACCEPT|DROP) \\[0:0\\]");
    private final Map<String, Boolean> rulesInstalled = new HashMap<>();
    private final Map<String, String> policies = new HashMap<>();
    private final DataplaneOptions options;

    FakeKernel(DataplaneOptions options) {
        super(List.of());
        this.options = options;
    }

    @Override
    public Result run(List<String> command, String stdin) {
        String line = String.join(" ", command);
        commands.add(line);
        if (line.equals("ipset list -n")) {
            return ok(command, String.join("\n", headers.keySet()) + "\n");
        }
        if (line.equals("ipset list -t")) {
            StringBuilder out = new StringBuilder();
            headers.keySet().forEach(name -> out.append("Name: ").append(name).append("\nNumber of entries: ")
                    .append(members.get(name).size()).append('\n'));
            return ok(command, out.toString());
        }
        if (command.get(0).equals("ipset")) {
            StringBuilder out = new StringBuilder();
            boolean wrote = false;
            for (String batchLine : stdin == null ? List.of(String.join(" ", command.subList(1, command.size())))
                    : stdin.lines().toList()) {
                String[] w = batchLine.split(" ");
                switch (w[0]) {
                    case "save" -> {
                        out.append(headers.get(w[1])).append('\n');
                        members.get(w[1]).forEach((e, c) -> out.append("add ").append(w[1]).append(' ').append(e)
                                .append(" packets ").append(c[0]).append(" bytes ").append(c[1]).append('\n'));
                    }
                    case "create" -> {
                        headers.put(w[1], batchLine.replace(" counters", "") + " counters");
                        members.put(w[1], new LinkedHashMap<>());
                        wrote = true;
                    }
                    case "add" -> {
                        long packets = w.length > 4 ? Long.parseLong(w[4]) : 0;
                        long bytes = w.length > 6 ? Long.parseLong(w[6]) : 0;
                        members.get(w[1]).putIfAbsent(element(w[2]), new long[]{packets, bytes});
                        wrote = true;
                    }
                    case "del" -> {
                        members.get(w[1]).remove(element(w[2]));
                        wrote = true;
                    }
                    case "swap" -> {
                        Map<String, long[]> first = members.get(w[1]);
                        members.put(w[1], members.get(w[2]));
                        members.put(w[2], first);
                        wrote = true;
                    }
                    case "destroy" -> {
                        headers.remove(w[1]);
                        members.remove(w[1]);
                        wrote = true;
                    }
                    default -> throw new IllegalArgumentException("fake ipset does not know " + batchLine);
                }
            }
            if (wrote) {
                writes.add("ipset:\n" + stdin);
            }
            return ok(command, out.toString());
        }
        Family family = command.get(0).startsWith("ip6") ? Family.IPV6 : Family.IPV4;
        if (command.get(0).endsWith("-save")) {
            StringBuilder save = new StringBuilder();
            for (TableLayout layout : options.tables(family)) {
                save.append('*').append(layout.table()).append("\n:").append(layout.builtinChain()).append(' ')
                        .append(policies.getOrDefault(family + layout.table() + layout.builtinChain(), "ACCEPT"))
                        .append(" [0:0]\n");
                if (rulesInstalled.getOrDefault(family + layout.table(), false)) {
                    save.append(':').append(layout.ownChain()).append(" - [0:0]\n");
                    save.append(layout.hook().append()).append('\n');
                    layout.rules().forEach(rule -> save.append(rule.append()).append('\n'));
                }
                save.append("COMMIT\n");
            }
            return ok(command, save.toString());
        }
        if (command.get(0).endsWith("-restore")) {
            writes.add(command.get(0) + ":\n" + stdin);
            String table = stdin.lines().findFirst().orElse("*").substring(1);
            rulesInstalled.put(family + table, !stdin.contains("\n-X "));
            stdin.lines().map(POLICY::matcher).filter(Matcher::matches)
                    .forEach(policy -> policies.put(family + table + policy.group(1), policy.group(2)));
            return ok(command, "");
        }
        throw new IllegalArgumentException("fake kernel does not know " + line);
    }

    @Override
    public Result run(List<String> command, String stdin, Consumer<String> lines) {
        Result result = run(command, stdin);
        result.stdout().lines().forEach(lines);
        return new Result(command, result.exitCode(), "", result.stderr());
    }

    /** ipset prints hosts without their /32 or /128. */
    private static String element(String text) {
        Cidr cidr = Cidr.parse(text);
        return cidr.isHost() ? text.replaceAll("/(32|128)$", "") : cidr.toString();
    }

    void count(String set, String element, long packets, long bytes) {
        members.get(set).put(element, new long[]{packets, bytes});
    }

    private static Result ok(List<String> command, String out) {
        return new Result(command, 0, out, "");
    }
}
