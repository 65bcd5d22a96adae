package io.egressgate.server.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the console writes times, sizes and durations, in the page's language. */
@Named("fmt")
@ApplicationScoped
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
            .withZone(ZoneId.systemDefault());

    @Inject
    Texts texts;

    /** An absolute time in the server's zone; a dash when there is none. */
    public String time(Long epochMillis) {
        return epochMillis == null ? "\u2014" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** "3 min ago"; a dash when there is no time. */
    public String ago(Long epochMillis) {
        if (epochMillis == null) {
            return "\u2014";
        }
        long seconds = Math.max(0, (System.currentTimeMillis() - epochMillis) / 1000);
        if (seconds < 60) {
            return texts.text("ago.seconds", seconds);
        }
        if (seconds < 3600) {
            return texts.text("ago.minutes", seconds / 60);
        }
        if (seconds < 86_400) {
            return texts.text("ago.hours", seconds / 3600);
        }
        return texts.text("ago.days", seconds / 86_400);
    }

    /** The translated word for a code such as an audit action ("action", "entry.add"); the code itself when there is none. */
    public String word(String group, String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String key = group + "." + code;
        String word = texts.text(key);
        return word.equals(key) ? code : word;
    }

    public String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
