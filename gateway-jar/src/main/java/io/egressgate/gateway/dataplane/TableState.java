package io.egressgate.gateway.dataplane;

import java.util.ArrayList;
import java.util.List;

/** The gateway's part of one table as {@code iptables-save} printed it. */
record TableState(boolean ownChainExists, List<String> ownRuleTags, List<String> hookLines, boolean hookIsFirst,
                  String builtinPolicy) {

    /**
     * Picks the gateway's chain and the jumps into it out of iptables-save output. A jump is any rule in
     * the built-in chain whose target is the gateway's chain; rules in the gateway's chain without the
     * gateway's tag are recorded as a null tag, which never matches the layout and so gets rewritten.
     */
    static TableState parse(String save, String table, String builtinChain, String ownChain) {
        boolean inTable = false;
        boolean exists = false;
        boolean first = false;
        int builtinRules = 0;
        String policy = null;
        List<String> tags = new ArrayList<>();
        List<String> hooks = new ArrayList<>();
        String ownPrefix = "-A " + ownChain + " ";
        String builtinPrefix = "-A " + builtinChain + " ";
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                inTable = line.equals("*" + table);
            } else if (!inTable) {
                continue;
            } else if (line.startsWith(":" + builtinChain + " ")) {
                policy = line.split(" ")[1];
            } else if (line.startsWith(":" + ownChain + " ")) {
                exists = true;
            } else if (line.startsWith(ownPrefix)) {
                tags.add(Rule.tagIn(line));
            } else if (line.startsWith(builtinPrefix)) {
                if (line.endsWith(" -j " + ownChain) || line.contains(" -j " + ownChain + " ")) {
                    hooks.add(line);
                    first |= builtinRules == 0;
                }
                builtinRules++;
            }
        }
        return new TableState(exists, tags, hooks, first, policy);
    }
}
