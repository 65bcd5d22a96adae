package io.egressgate.server.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Figures go to the console and are appended to target/bench/figures.txt, so a run leaves a record. */
final class Report {

    static final Path FILE = Path.of("target", "bench", "figures.txt");

    private final List<String> lines = new ArrayList<>();

    Report(String title) {
        line("");
        line("== " + title + " (" + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ")");
        line("machine: " + Machine.describe());
        line("load average (1/5/15 min) at start: " + Machine.load());
    }

    Report line(String text) {
        lines.add(text);
        System.out.println(text);
        System.out.flush();
        return this;
    }

    void finish() {
        line("load average (1/5/15 min) at end: " + Machine.load());
        try {
            Files.createDirectories(FILE.getParent());
            Files.write(FILE, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
