package io.egressgate.server.schema;

import io.egressgate.server.startup.StartupFailure;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long stored history is kept: {@code change_log_retention}, {@code audit_retention}. Written
 * as a whole number with a unit, {@code 30d}, {@code 12h}, {@code 45m} or {@code 90s}.
 */
public record Retention(String key, Duration period) {

    /** Rows pruned per table and run: a backlog shrinks over several runs, never in one long lock. */
    public static final int BATCH = 5000;

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})([dhms])");

    /** For a setting read at start-up: a bad value fails the start with its one line. */
    public static Retention ofSetting(String key, String text) {
        try {
            return parse(key, text);
        } catch (IllegalArgumentException e) {
            StartupFailure.report(e.getMessage());
            throw e;
        }
    }

    public static Retention parse(String key, String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 30d, 12h, 45m or 90s, not '"
                    + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        Duration period = switch (m.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        return new Retention(key, period);
    }

    /** Rows older than this (epoch milliseconds) may go. */
    public long cutoff(long nowMillis) {
        return nowMillis - period.toMillis();
    }
}
