package io.egressgate.gateway.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One long-lived {@code ipset -} (interactive mode) for the DNS forwarder's learned addresses: a
 * process per answer would cost milliseconds of fork and exec, here a command costs one netlink
 * round trip. ipset prints its prompt once the command is done, so reading the prompt back is the
 * acknowledgement that the kernel holds the entry; text before a prompt is that command's error.
 * ipset writes to a pipe through stdio's full buffering, so it runs under {@code stdbuf -o0}, or no
 * prompt would arrive before it exits. A batch that takes longer than {@link #DEADLINE} kills the
 * session: the answer fails rather than waits. Not thread-safe: the caller serialises.
 */
final class IpsetSession implements AutoCloseable {

    private static final byte[] PROMPT = "ipset> ".getBytes(StandardCharsets.US_ASCII);
    static final java.time.Duration DEADLINE = java.time.Duration.ofSeconds(2);
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "ipset-session-watchdog");
                thread.setDaemon(true);
                return thread;
            });

    private final CommandRunner runner;
    private Process process;
    private OutputStream in;
    private InputStream out;

    IpsetSession(CommandRunner runner) {
        this.runner = runner;
    }

    /** Runs the commands in order; returns the error of each that failed (empty: all applied). */
    List<String> apply(List<String> commands) {
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            if (process != null) {
                process.destroyForcibly();
            }
        }, DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            ensureStarted();
            StringBuilder batch = new StringBuilder();
            commands.forEach(command -> batch.append(command).append('\n'));
            in.write(batch.toString().getBytes(StandardCharsets.UTF_8));
            in.flush();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                String before = readToPrompt().strip();
                if (!before.isEmpty()) {
                    errors.add(commands.get(i) + ": " + before);
                }
            }
            return errors;
        } catch (IOException e) {
            close(); // started again on the next call
            throw new DataplaneException("ipset session failed: " + e.getMessage());
        } finally {
            watchdog.cancel(false);
        }
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = runner.startInteractive(List.of("stdbuf", "-o0", "-e0", "ipset", "-"));
        in = process.getOutputStream();
        out = process.getInputStream();
        String greeting = readToPrompt().strip();
        if (!greeting.isEmpty()) {
            throw new IOException("unexpected output from ipset: " + greeting);
        }
    }

    /** Everything up to the next prompt, which is consumed. */
    private String readToPrompt() throws IOException {
        StringBuilder text = new StringBuilder();
        int matched = 0;
        while (matched < PROMPT.length) {
            int b = out.read();
            if (b < 0) {
                throw new IOException("ipset ended" + (text.isEmpty() ? "" : ": " + text));
            }
            if (b == PROMPT[matched]) {
                matched++;
            } else {
                text.append(new String(PROMPT, 0, matched, StandardCharsets.US_ASCII));
                matched = b == PROMPT[0] ? 1 : 0;
                if (matched == 0) {
                    text.append((char) b);
                }
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            process = null;
        }
    }
}
