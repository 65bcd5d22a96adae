package io.egressgate.gateway.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * How denied (and would-deny) new connections are handed to userspace: NFLOG to {@code group}, at most
 * {@code perSecond} a second with a burst as large, counted by the kernel before the limit so that what
 * the limit keeps back is known ({@link IpsetDataplane#deniedAttempts()}). Only the headers are copied.
 */
public record DenialLog(int group, int perSecond) {

    /** NFLOG prefixes; the reader tells the two kinds apart by them. */
    public static final String DENY_PREFIX = Family.OWNER + " deny";
    public static final String WOULD_DENY_PREFIX = Family.OWNER + " would-deny";
    public static final int MAX_GROUP = 65_535;
    /** The largest rate {@code -m limit} takes. */
    public static final int MAX_PER_SECOND = 10_000;
    private static final int COPIED_BYTES = 128;
    private static final String NEW = "-m conntrack --ctstate NEW";

    public DenialLog {
        if (group < 0 || group > MAX_GROUP) {
            throw new IllegalArgumentException("-nflog-group must be 0 to " + MAX_GROUP + ", was " + group);
        }
        if (perSecond < 1 || perSecond > MAX_PER_SECOND) {
            throw new IllegalArgumentException("-denied-log-rate must be 1 to " + MAX_PER_SECOND + ", was " + perSecond);
        }
    }

    public static DenialLog defaults() {
        return new DenialLog(23, 100);
    }

    /**
     * The rules that end a chain for traffic matching {@code match}: new connections are logged (limited)
     * and counted, then everything gets {@code verdict}. NFLOG does not end the walk, so every new
     * connection reaches the counting rule whether the limit let it be logged or not.
     */
    List<Rule> ending(String chain, String match, String prefix, String verdict) {
        String prefixed = match.isEmpty() ? "" : match + " ";
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(chain, prefixed + NEW + " -m limit --limit " + perSecond + "/sec --limit-burst " + perSecond,
                "NFLOG --nflog-group " + group + " --nflog-prefix \"" + prefix + "\" --nflog-size " + COPIED_BYTES));
        rules.add(new Rule(chain, prefixed + NEW, verdict));
        rules.add(new Rule(chain, match, verdict));
        return rules;
    }

    /** Whether the rule's packet counter counts new connections denied (or would-deny) by {@link #ending}. */
    static boolean countsAttempts(Rule rule) {
        return rule.matches().endsWith(NEW) && (rule.target().equals("DROP") || rule.target().equals("ACCEPT"));
    }
}
