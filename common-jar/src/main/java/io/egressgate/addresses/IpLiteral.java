package io.egressgate.addresses;

import java.math.BigInteger;

/**
 * A strictly parsed IP address literal as a number. Strict because the text comes from operators and
 * peers: leading zeros ("010.0.0.1" reads as octal to some tools), zone ids and hostnames are refused
 * rather than guessed at.
 */
record IpLiteral(BigInteger value, boolean ipv6) {

    static IpLiteral parse(String text, String input) {
        if (text.isEmpty()) {
            throw invalid(input, "the address is empty");
        }
        if (text.indexOf('%') >= 0) {
            throw invalid(input, "zone ids such as '%eth0' are not allowed");
        }
        if (text.indexOf(':') >= 0) {
            return new IpLiteral(parseIpv6(text, input), true);
        }
        if (text.chars().allMatch(c -> c == '.' || isDecimalDigit(c))) {
            return new IpLiteral(BigInteger.valueOf(parseIpv4(text, input)), false);
        }
        throw invalid(input, "not an IP address (host names are not accepted here)");
    }

    private static long parseIpv4(String text, String input) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw invalid(input, "an IPv4 address has exactly four dot-separated numbers");
        }
        long value = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(IpLiteral::isDecimalDigit)) {
                throw invalid(input, "'" + octet + "' is not a number from 0 to 255");
            }
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                throw invalid(input, "'" + octet + "' has a leading zero, which some tools read as octal");
            }
            int number = Integer.parseInt(octet);
            if (number > 255) {
                throw invalid(input, "'" + octet + "' is not a number from 0 to 255");
            }
            value = (value << 8) | number;
        }
        return value;
    }

    private static BigInteger parseIpv6(String text, String input) {
        int elision = text.indexOf("::");
        if (elision >= 0 && text.indexOf("::", elision + 1) >= 0) {
            throw invalid(input, "'::' may appear only once in an IPv6 address");
        }
        int[] head = groups(elision < 0 ? text : text.substring(0, elision), elision < 0, input);
        int[] tail = elision < 0 ? new int[0] : groups(text.substring(elision + 2), true, input);
        int given = head.length + tail.length;
        if (elision < 0 && given != 8) {
            throw invalid(input, "an IPv6 address without '::' has exactly eight groups");
        }
        if (elision >= 0 && given > 7) {
            throw invalid(input, "an IPv6 address with '::' has at most seven groups");
        }
        BigInteger value = BigInteger.ZERO;
        for (int group : head) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        value = value.shiftLeft(16 * (8 - given));
        for (int group : tail) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        return value;
    }

    /** The 16-bit groups of one side of '::'; a dotted IPv4 tail counts as two groups. */
    private static int[] groups(String part, boolean mayEndInIpv4, String input) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        String last = pieces[pieces.length - 1];
        boolean ipv4Tail = last.indexOf('.') >= 0;
        if (ipv4Tail && !mayEndInIpv4) {
            throw invalid(input, "an embedded IPv4 address may only stand at the end");
        }
        int[] groups = new int[pieces.length + (ipv4Tail ? 1 : 0)];
        for (int i = 0; i < pieces.length - (ipv4Tail ? 1 : 0); i++) {
            groups[i] = hexGroup(pieces[i], input);
        }
        if (ipv4Tail) {
            long ipv4 = parseIpv4(last, input);
            groups[groups.length - 2] = (int) (ipv4 >>> 16);
            groups[groups.length - 1] = (int) (ipv4 & 0xffff);
        }
        return groups;
    }

    private static int hexGroup(String piece, String input) {
        if (piece.isEmpty() || piece.length() > 4 || !piece.chars().allMatch(IpLiteral::isHexDigit)) {
            throw invalid(input, "'" + piece + "' is not an IPv6 group of one to four hex digits");
        }
        return Integer.parseInt(piece, 16);
    }

    // Character.isDigit would let other scripts' digits through, and Integer.parseInt reads them.
    private static boolean isDecimalDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as '::'. */
    static String format(BigInteger value, boolean ipv6) {
        if (!ipv6) {
            long v = value.longValue();
            return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < 8; start++) {
            int end = start;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - start > bestLength) {
                bestStart = start;
                bestLength = end - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    static IllegalArgumentException invalid(String input, String problem) {
        return new IllegalArgumentException("'" + input + "' is not a valid IP address or CIDR: " + problem);
    }
}
