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
    private static final Pattern FULL_AFTER = Pattern.compile("Pause Full \\(Diagnostic Command\\) \\d+M->(\\d+)M");

    private final Path log;
    private final long pid;

    private ServerGc(Path log, long pid) {
        this.log = log;
        this.pid = pid;
    }

    /** The JVM option that writes the log this reads; give it to the server before it starts. */
    static String option(RunningServer server) {
        return "-Xlog:gc:file=" + logOf(server);
    }

    static ServerGc of(RunningServer server) {
        return new ServerGc(logOf(server), server.pid());
    }

    private static Path logOf(RunningServer server) {
        return server.dataDir().resolve("gc.log");
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

    /** What the server's heap holds after a full collection (jcmd GC.run), in MB; -1 when it cannot be seen. */
    long liveMegabytes() throws InterruptedException {
        int mark = mark();
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            return -1;
        }
        for (int i = 0; i < 50; i++) {
            List<String> lines = lines();
            for (String line : lines.subList(Math.min(mark, lines.size()), lines.size())) {
                Matcher after = FULL_AFTER.matcher(line);
                if (after.find()) {
                    return Long.parseLong(after.group(1));
                }
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
