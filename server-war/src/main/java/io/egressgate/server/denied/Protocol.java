package io.egressgate.server.denied;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The protocol of a denied connection as stored: {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6},
 * an IP protocol number, or another short name a gateway may know. Anything else is not stored:
 * the text comes from a gateway and ends up in the database, the API and the console.
 */
final class Protocol {

    static final int MAX_LENGTH = 16;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,3}");

    private Protocol() {
    }

    static Optional<String> canonical(String text) {
        if (text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (NUMBER.matcher(lower).matches()) {
            int number = Integer.parseInt(lower);
            return number <= 255 ? Optional.of(Integer.toString(number)) : Optional.empty();
        }
        return NAME.matcher(lower).matches() ? Optional.of(lower) : Optional.empty();
    }
}
