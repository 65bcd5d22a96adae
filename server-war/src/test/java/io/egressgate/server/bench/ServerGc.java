package io.egressgate.server.bench;

import io.egressgate.server.it.RunningServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's collections, read from its GC log: a phase's full collections show a heap too small
 * for the fleet, which is how 240 MB of old snapshot frames kept by Payara's HTTP layer were found.
 */
final class ServerGc {

    private static final Pattern PAUSE = Pattern.compile("Pause (Young|Full).* ([0-9.]+)ms$");

    private final Path log;

    private ServerGc(Path log) {
        this.log = log;
    }

    /** The JVM option that writes the log this reads; give it to the server before it starts. */
    static String option(RunningServer server) {
        return "-Xlog:gc:file=" + of(server).log;
    }

    static ServerGc of(RunningServer server) {
        return new ServerGc(server.dataDir().resolve("gc.log"));
    }

    /** Where the log is now, to count from. */
    int mark() {
        return lines().size();
    }

    /** The pauses since {@code mark}: how many of each kind and their milliseconds. */
    String since(int mark) {
        List<String> lines = lines();
        int young = 0;
        int full = 0;
        double youngMillis = 0;
        double fullMillis = 0;
        for (String line : lines.subList(Math.min(mark, lines.size()), lines.size())) {
            Matcher pause = PAUSE.matcher(line);
            if (!pause.find()) {
                continue;
            }
            double millis = Double.parseDouble(pause.group(2));
            if (pause.group(1).equals("Full")) {
                full++;
                fullMillis += millis;
            } else {
                young++;
                youngMillis += millis;
            }
        }
        return String.format(Locale.ROOT, "server GC: %d young pauses (%.0f ms), %d full (%.0f ms)", young, youngMillis,
                full, fullMillis);
    }

    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
