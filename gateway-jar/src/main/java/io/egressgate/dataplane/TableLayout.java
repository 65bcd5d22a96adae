package io.egressgate.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway wants in one iptables table of one family: its own chain with its rules, and one
 * jump into that chain from a built-in chain (first in FORWARD, so nothing someone inserts later is
 * consulted before the allowlist).
 */
record TableLayout(String table, String builtinChain, boolean hookFirst, String ownChain, List<Rule> rules) {

    TableLayout {
        rules = List.copyOf(rules);
    }

    Rule hook() {
        return new Rule(builtinChain, "", ownChain);
    }

    List<String> tags() {
        return rules.stream().map(Rule::tag).toList();
    }

    /** What differs between this layout and the table as read; empty when nothing does. */
    List<String> differences(TableState actual) {
        List<String> found = new ArrayList<>();
        if (!actual.ownChainExists()) {
            found.add(table + " chain " + ownChain + " missing");
        } else if (!actual.ownRuleTags().equals(tags())) {
            found.add(table + " chain " + ownChain + " holds " + actual.ownRuleTags().size()
                    + " rules, not the " + rules.size() + " expected");
        }
        String hookTag = hook().tag();
        boolean oneHook = actual.hookLines().size() == 1 && hookTag.equals(Rule.tagIn(actual.hookLines().get(0)));
        if (!oneHook) {
            found.add(table + " " + builtinChain + " has " + actual.hookLines().size() + " jumps to " + ownChain
                    + ", not one");
        } else if (hookFirst && !actual.hookIsFirst()) {
            found.add(table + " " + builtinChain + " jump to " + ownChain + " is not the first rule");
        }
        return found;
    }

    /** An iptables-restore --noflush batch that makes the table match this layout; empty if it already does. */
    String repairBatch(TableState actual) {
        if (differences(actual).isEmpty()) {
            return "";
        }
        StringBuilder batch = new StringBuilder("*").append(table).append('\n');
        // declaring the chain creates it, or empties it if it exists: the rules below then replace it whole
        batch.append(':').append(ownChain).append(" - [0:0]\n");
        for (String hook : actual.hookLines()) {
            batch.append("-D").append(hook.substring(2)).append('\n');
        }
        batch.append(hookFirst ? hook().line("-I " + builtinChain + " 1") : hook().append()).append('\n');
        rules.forEach(rule -> batch.append(rule.append()).append('\n'));
        return batch.append("COMMIT\n").toString();
    }

    /** A batch that removes the jump, the rules and the chain; empty if none of them exists. */
    String removalBatch(TableState actual) {
        if (!actual.ownChainExists() && actual.hookLines().isEmpty()) {
            return "";
        }
        StringBuilder batch = new StringBuilder("*").append(table).append('\n');
        for (String hook : actual.hookLines()) {
            batch.append("-D").append(hook.substring(2)).append('\n');
        }
        if (actual.ownChainExists()) {
            batch.append("-F ").append(ownChain).append('\n').append("-X ").append(ownChain).append('\n');
        }
        return batch.append("COMMIT\n").toString();
    }
}
