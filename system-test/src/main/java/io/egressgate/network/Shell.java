package io.egressgate.network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit; never hangs the caller. */
public final class Shell {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Shell() {
    }

    public record Result(int exitCode, String out) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result run(String... command) {
        return run(List.of(command), LIMIT);
    }

    public static Result run(List<String> command, Duration limit) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new Result(124, "timed out after " + limit + ": " + String.join(" ", command));
            }
            return new Result(process.exitValue(), out.join());
        } catch (IOException e) {
            return new Result(127, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    /** Runs the command and returns its output; throws with the output when it fails. */
    public static String must(String... command) {
        Result result = run(command);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.out().strip());
        }
        return result.out();
    }

    public static boolean available(String tool) {
        return run("sh", "-c", "command -v " + tool).ok();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
