package io.egressgate.server.console;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.server.entries.EntryValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A value or a pasted list, one per line, checked line by line before anything is stored. Blank
 * lines and lines starting with # are skipped; commas and whitespace inside a line also separate
 * values, so a list copied from a spreadsheet or an email works too.
 */
public final class PastedValues {

    /** More values than this in one go are refused as a whole: a paste that large is probably a mistake. */
    public static final int MAX_VALUES = 500;
    /** Characters accepted in one paste (500 long domain names fit). */
    public static final int MAX_CHARACTERS = 150_000;

    private PastedValues() {
    }

    /** One value as typed, where it was, and either what it means or why it is refused. */
    public record Line(int number, String text, Optional<EntryValue> value, String problem) {
        public boolean valid() {
            return value.isPresent();
        }
    }

    public static List<Line> check(String pasted, AllowlistPolicy policy) {
        List<Line> lines = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String[] rows = (pasted == null ? "" : pasted).split("\\R", -1);
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            for (String text : row.split("[,;\\s]+")) {
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    EntryValue value = EntryValue.parse(text, policy);
                    if (seen.add(value.canonical())) {
                        lines.add(new Line(i + 1, text, Optional.of(value), null));
                    }
                } catch (IllegalArgumentException e) {
                    lines.add(new Line(i + 1, text, Optional.empty(), e.getMessage()));
                }
            }
        }
        return lines;
    }
}
