package io.egressgate.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running program of the box (server, gateway, route manager, web, DNS, Prometheus), its output
 * appended to a log file that outlives it, so a failed scenario can be read afterwards.
 */
public final class RunningProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart;

    private RunningProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    public static RunningProcess start(String name, List<String> command, Path logDir, Map<String, String> env) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            long logStart = Files.size(log);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            return new RunningProcess(name, process, log, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** What this run of the program has written so far. */
    public String output() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for a line containing {@code fragment}; fails early if the program dies. */
    public String awaitOutput(String fragment, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            int at = out.indexOf(fragment);
            if (at >= 0) {
                int end = out.indexOf('\n', at);
                return out.substring(out.lastIndexOf('\n', at) + 1, end < 0 ? out.length() : end);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before printing '"
                        + fragment + "'; log " + log + ":\n" + tail(out));
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " did not print '" + fragment + "' within " + timeout + "; log " + log
                + ":\n" + tail(output()));
    }

    /** SIGKILL: no shutdown hooks, as in a crash. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(20));
    }

    /** SIGTERM, as systemd stops a service; SIGKILL if it does not end in time. */
    public void stop(Duration patience) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(patience)) {
            kill();
        }
    }

    public void signal(String signal) {
        Shell.must("kill", "-" + signal, Long.toString(process.pid()));
    }

    private boolean waitFor(Duration patience) {
        try {
            return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String tail(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - 30);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
