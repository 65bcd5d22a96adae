package io.egressgate.gateway.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the kernel tools (ipset, iptables-restore, sysctl) as child processes, feeding a whole batch
 * on standard input. A prefix such as {@code ip netns exec NAME} lets tests aim at a namespace.
 */
public class CommandRunner {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    // own threads, not the common pool: on 2 cores it has one thread, and feeding stdin while draining
    // stderr in that one thread can deadlock once both pipes are full
    private static final ExecutorService PIPES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "command-pipe");
        thread.setDaemon(true);
        return thread;
    });

    private final List<String> prefix;

    public CommandRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    public static CommandRunner local() {
        return new CommandRunner(List.of());
    }

    public static CommandRunner inNamespace(String namespace) {
        return new CommandRunner(List.of("ip", "netns", "exec", namespace));
    }

    /** Starts a long-lived process (with the prefix), stderr merged into stdout. */
    public Process startInteractive(List<String> command) throws java.io.IOException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return new ProcessBuilder(full).redirectErrorStream(true).start();
    }

    public Result run(List<String> command) {
        return run(command, null);
    }

    /** Runs {@code command}; never throws for a non-zero exit, the caller decides what a failure means. */
    public Result run(List<String> command, String stdin) {
        StringBuilder output = new StringBuilder();
        Result result = run(command, stdin, line -> output.append(line).append('\n'));
        return new Result(result.command(), result.exitCode(), output.toString(), result.stderr());
    }

    /**
     * Runs {@code command} and hands its output over line by line as it comes, so that reading 400,000
     * set members never holds the whole text in memory; the result's stdout is empty.
     */
    public Result run(List<String> command, String stdin, Consumer<String> lines) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(full).start();
        } catch (IOException e) {
            return new Result(full, 127, "", "cannot start " + full.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), PIPES);
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin), PIPES);
        String output = "";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(full, 124, output, "timed out after " + TIMEOUT.toSeconds() + " s");
            }
            feeding.join();
            return new Result(full, process.exitValue(), output, errors.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(full, 130, output, "interrupted");
        }
    }

    private static void feed(OutputStream in, String stdin) {
        try (in) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the tool exited early (it read a bad line and stopped); its exit code and stderr say why
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of one command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** Returns stdout, or throws with the command and what it said on stderr. */
        public String orThrow() {
            if (!ok()) {
                throw new DataplaneException(String.join(" ", command) + " failed (exit " + exitCode + "): "
                        + stderr.strip());
            }
            return stdout;
        }
    }
}
