package io.egressgate.server.query;

/**
 * LIKE patterns with '!' as the escape character, so that {@code %} and {@code _} typed by a person
 * match themselves instead of anything. Write the condition as {@code column LIKE :p} followed by
 * {@link #ESCAPE}; H2 and MySQL/MariaDB read it alike.
 */
public final class Like {

    public static final String ESCAPE = " ESCAPE '!'";

    private Like() {
    }

    /** A pattern matching every text that contains {@code text} as typed. */
    public static String containing(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
