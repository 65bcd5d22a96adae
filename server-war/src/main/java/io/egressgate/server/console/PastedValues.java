package io.egressgate.server.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A value or a pasted list, one per line, split into the values to add; whether each is acceptable
 * is {@code NewEntries}' to say. Blank lines and lines starting with # are skipped; commas and
 * whitespace inside a line also separate values, so a list copied from a spreadsheet or an email
 * works too.
 */
public final class PastedValues {

    /** More values than this in one go are refused as a whole: a paste that large is probably a mistake. */
    public static final int MAX_VALUES = 500;
    /** Characters accepted in one paste (500 long domain names fit). */
    public static final int MAX_CHARACTERS = 150_000;

    private PastedValues() {
    }

    /** One value as typed and the line it was on. */
    public record Line(int number, String text) {
    }

    public static List<Line> split(String pasted) {
        List<Line> lines = new ArrayList<>();
        String[] rows = (pasted == null ? "" : pasted).split("\\R", -1);
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            for (String text : row.split("[,;\\s]+")) {
                if (!text.isEmpty()) {
                    lines.add(new Line(i + 1, text));
                }
            }
        }
        return lines;
    }
}
