package io.egressgate.gateway.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway wants in one iptables table of one family: its own chain with its rules, one
 * jump into that chain from a built-in chain (first in FORWARD, so nothing someone inserts later is
 * consulted before the allowlist), and optionally the built-in chain's policy. The policy is what keeps
 * the gate closed while the rules are gone: {@code iptables -F} removes every rule but no policy.
 */
record TableLayout(String table, String builtinChain, boolean hookFirst, String ownChain, List<Rule> rules,
                   String builtinPolicy) {

    TableLayout {
        rules = List.copyOf(rules);
    }

    TableLayout(String table, String builtinChain, boolean hookFirst, String ownChain, List<Rule> rules) {
        this(table, builtinChain, hookFirst, ownChain, rules, null);
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
        if (builtinPolicy != null && !builtinPolicy.equals(actual.builtinPolicy())) {
            found.add(table + " " + builtinChain + " policy is " + actual.builtinPolicy() + ", not " + builtinPolicy);
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
        if (builtinPolicy != null) {
            // with --noflush, declaring a built-in chain sets its policy and keeps its rules
            batch.append(':').append(builtinChain).append(' ').append(builtinPolicy).append(" [0:0]\n");
        }
        // declaring the chain creates it, or empties it if it exists: the rules below then replace it whole
        batch.append(':').append(ownChain).append(" - [0:0]\n");
        for (String hook : actual.hookLines()) {
            batch.append("-D").append(hook.substring(2)).append('\n');
        }
        batch.append(hookFirst ? hook().line("-I " + builtinChain + " 1") : hook().append()).append('\n');
        rules.forEach(rule -> batch.append(rule.append()).append('\n'));
        return batch.append("COMMIT\n").toString();
    }

    /**
     * A batch that removes the jump, the rules and the chain, and with {@code releasePolicy} gives the policy
     * back; empty if none of them is there. Only uninstalling releases the policy: anything else that
     * removes rules is about to put them back and must stay closed meanwhile.
     */
    String removalBatch(TableState actual, boolean releasePolicy) {
        boolean ownPolicy = releasePolicy && builtinPolicy != null && builtinPolicy.equals(actual.builtinPolicy());
        if (!actual.ownChainExists() && actual.hookLines().isEmpty() && !ownPolicy) {
            return "";
        }
        StringBuilder batch = new StringBuilder("*").append(table).append('\n');
        if (ownPolicy) {
            // the kernel's default, which the gateway replaced when it took the chain over
            batch.append(':').append(builtinChain).append(" ACCEPT [0:0]\n");
        }
        for (String hook : actual.hookLines()) {
            batch.append("-D").append(hook.substring(2)).append('\n');
        }
        if (actual.ownChainExists()) {
            batch.append("-F ").append(ownChain).append('\n').append("-X ").append(ownChain).append('\n');
        }
        return batch.append("COMMIT\n").toString();
    }
}
