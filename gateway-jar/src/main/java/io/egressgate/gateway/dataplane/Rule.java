package io.egressgate.gateway.dataplane;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One iptables rule the gateway owns. Its comment carries a tag derived from the rule's text, so a
 * rule is recognised in {@code iptables-save} output however iptables chooses to print the rest,
 * and a changed rule (say, logging switched on) gets a different tag and is rewritten.
 */
record Rule(String chain, String matches, String target) {

    private static final Pattern TAG = Pattern.compile("--comment \"?" + Family.OWNER + ":([0-9a-f]{8})");

    String tag() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((chain + "|" + matches + "|" + target).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The rule as an iptables-restore line with the given operation, e.g. {@code -A} or {@code -I FORWARD 1}. */
    String line(String operation) {
        String match = matches.isEmpty() ? "" : matches + " ";
        return operation + " " + match + "-m comment --comment \"" + Family.OWNER + ":" + tag() + "\" -j " + target;
    }

    String append() {
        return line("-A " + chain);
    }

    /** The tag in a line of iptables-save output, or null when the line is not the gateway's. */
    static String tagIn(String saveLine) {
        Matcher matcher = TAG.matcher(saveLine);
        return matcher.find() ? matcher.group(1) : null;
    }
}
