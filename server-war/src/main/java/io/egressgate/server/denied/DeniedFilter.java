package io.egressgate.server.denied;

import io.egressgate.server.schema.Retention;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which denied attempts to read: those last seen at {@code since} or later (epoch milliseconds), of
 * one client, one destination, one gateway (hostname or id), and whose name or addresses contain
 * {@code text}; nulls do not filter. At most {@code limit} rows.
 */
public record DeniedFilter(long since, HostAddress source, HostAddress destination, String text, String gateway,
                           int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    public static final String DEFAULT_SINCE = "24h";
    static final int MAX_TEXT = 253;
    private static final Pattern GATEWAY = Pattern.compile("[A-Za-z0-9._-]{1,253}");

    public DeniedFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
    }

    /**
     * From query parameters as typed; blank means no filter.
     *
     * @param since an ISO-8601 time ({@code 2026-12-01T08:00:00Z}) or a duration back from now
     *              ({@code 90m}, {@code 24h}, {@code 7d}); default 24 hours
     * @throws IllegalArgumentException naming the parameter that is wrong and why
     */
    public static DeniedFilter parse(String since, String source, String destination, String text, String gateway,
                                     String limit, long now) {
        return new DeniedFilter(since(since, now), address("source", source), address("destination", destination),
                text(text), gateway(gateway), limit(limit));
    }

    private static int limit(String text) {
        if (blank(text)) {
            return DEFAULT_LIMIT;
        }
        if (!text.strip().matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("limit must be a whole number between 1 and " + MAX_LIMIT + ", not '"
                    + shortened(text) + "'");
        }
        return Integer.parseInt(text.strip());
    }

    public DeniedFilter withDestination(HostAddress address) {
        return new DeniedFilter(since, source, address, text, gateway, limit);
    }

    public DeniedFilter withLimit(int rows) {
        return new DeniedFilter(since, source, destination, text, gateway, rows);
    }

    private static long since(String text, long now) {
        String given = blank(text) ? DEFAULT_SINCE : text.strip();
        if (given.matches("\\d+[A-Za-z]")) {
            try {
                return Retention.parse("since", given).cutoff(now);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("since must be a time such as 2026-12-01T08:00:00Z or a duration"
                        + " such as 90m, 24h or 7d, not '" + given + "'");
            }
        }
        try {
            return Instant.parse(given).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be a time such as 2026-12-01T08:00:00Z or a duration"
                    + " such as 90m, 24h or 7d, not '" + shortened(given) + "'");
        }
    }

    private static HostAddress address(String parameter, String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return HostAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(parameter + " must be one IP address, not '" + shortened(text) + "'");
        }
    }

    private static String text(String text) {
        if (blank(text)) {
            return null;
        }
        if (text.strip().length() > MAX_TEXT) {
            throw new IllegalArgumentException("q must be at most " + MAX_TEXT + " characters");
        }
        return text.strip().toLowerCase(Locale.ROOT);
    }

    private static String gateway(String text) {
        if (blank(text)) {
            return null;
        }
        if (!GATEWAY.matcher(text.strip()).matches()) {
            throw new IllegalArgumentException("gateway must be a gateway's hostname or id (1 to 253 characters of"
                    + " A-Z a-z 0-9 . _ -), not '" + shortened(text) + "'");
        }
        return text.strip();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** Never echoes a huge parameter back in full. */
    private static String shortened(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
