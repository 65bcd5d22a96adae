package io.egressgate.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The times the scenarios measure, printed at the end of each run and appended to target/system-figures.txt. */
final class Figures {

    private final String run;
    private final Map<String, List<Duration>> samples = new LinkedHashMap<>();

    Figures(String run) {
        this.run = run;
    }

    synchronized void record(String what, Duration took) {
        samples.computeIfAbsent(what, k -> new ArrayList<>()).add(took);
        System.out.printf("[figure] %s: %s: %d ms%n", run, what, took.toMillis());
    }

    synchronized String report(String context) {
        StringBuilder text = new StringBuilder("== measured figures, " + run + " (" + context + ")\n");
        samples.forEach((what, list) -> {
            List<Long> millis = list.stream().map(Duration::toMillis).sorted().toList();
            String figure = millis.size() == 1 ? millis.get(0) + " ms"
                    : "min " + millis.get(0) + " / median " + millis.get(millis.size() / 2) + " / max "
                    + millis.get(millis.size() - 1) + " ms (" + millis.size() + " samples)";
            text.append(String.format("  %-66s %s%n", what, figure));
        });
        return text.toString();
    }

    void print(String context) {
        String report = report(context);
        System.out.println(report);
        try {
            Files.writeString(Path.of("target", "system-figures.txt"), report, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("cannot write target/system-figures.txt: " + e.getMessage());
        }
    }
}
