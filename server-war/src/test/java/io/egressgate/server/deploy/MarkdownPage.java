package io.egressgate.server.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A page of the site, read the way the reference tests need it: sections, and the names its tables list. */
public record MarkdownPage(Map<String, String> sections) {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    public static MarkdownPage of(Path file) {
        Map<String, String> sections = new LinkedHashMap<>();
        String heading = "";
        StringBuilder body = new StringBuilder();
        for (String line : Repository.read(file).split("\n", -1)) {
            if (line.startsWith("## ") || line.startsWith("### ")) {
                sections.merge(heading, body.toString(), String::concat);
                heading = line.replaceFirst("^#+ ", "").strip();
                body = new StringBuilder();
            } else {
                body.append(line).append('\n');
            }
        }
        sections.merge(heading, body.toString(), String::concat);
        return new MarkdownPage(sections);
    }

    public String section(String heading) {
        String text = sections.get(heading);
        if (text == null) {
            throw new AssertionError("no section '" + heading + "'; sections: " + sections.keySet());
        }
        return text;
    }

    /** The code spans in the first column of the section's table rows, e.g. {@code -port PORT} or {@code db_user}. */
    public Set<String> firstColumnCode(String heading) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : section(heading).split("\n")) {
            List<String> cells = cells(line);
            if (cells.isEmpty() || cells.get(0).matches("-+") || cells.get(0).equals("flag") || cells.get(0).equals("key")) {
                continue;
            }
            Matcher code = CODE.matcher(cells.get(0));
            while (code.find()) {
                names.add(code.group(1).split(" ")[0]);
            }
        }
        return names;
    }

    private static List<String> cells(String line) {
        String row = line.strip();
        if (!row.startsWith("|")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1).split("\\|")) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
