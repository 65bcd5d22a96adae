package io.egressgate.gateway.denials;

import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DenialLog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Runs ulogd2 as a child process on the gateway's NFLOG group, with a configuration of its own (NFLOG,
 * BASE, IP2STR, JSON to standard output, flushed per packet), and hands every line it prints to
 * {@code lines}. When ulogd exits it is started again, after a wait that doubles up to half a minute;
 * meanwhile the firewall enforces as ever and the kernel's counters count what is missed.
 */
public final class UlogdReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UlogdReader.class.getName());
    static final List<String> PLUGINS = List.of("ulogd_inppkt_NFLOG.so", "ulogd_raw2packet_BASE.so",
            "ulogd_filter_IP2STR.so", "ulogd_output_JSON.so");
    private static final List<Path> PLUGIN_DIRECTORIES = List.of(Path.of("/usr/lib/x86_64-linux-gnu/ulogd"),
            Path.of("/usr/lib/aarch64-linux-gnu/ulogd"), Path.of("/usr/lib64/ulogd"), Path.of("/usr/lib/ulogd"),
            Path.of("/usr/local/lib/ulogd"));
    private static final long MAX_WAIT_MILLIS = 30_000;

    private final CommandRunner runner;
    private final String ulogd;
    private final Path configFile;
    private final Consumer<String> lines;
    private final Consumer<Boolean> up;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile Process process;
    private Thread loop;

    /**
     * @param runner     where ulogd runs (a namespace prefix in tests)
     * @param ulogd      the ulogd binary
     * @param configFile where its configuration is written
     * @param up         told true when ulogd started, false when it ended
     */
    public UlogdReader(CommandRunner runner, String ulogd, Path configFile, Consumer<String> lines, Consumer<Boolean> up) {
        this.runner = runner;
        this.ulogd = ulogd;
        this.configFile = configFile;
        this.lines = lines;
        this.up = up;
    }

    /** The directory holding the plugins the configuration needs, if ulogd2 and ulogd2-json are installed. */
    public static Optional<Path> pluginDirectory() {
        return PLUGIN_DIRECTORIES.stream()
                .filter(dir -> PLUGINS.stream().allMatch(plugin -> Files.isReadable(dir.resolve(plugin))))
                .findFirst();
    }

    /** ulogd's configuration for the gateway's group. */
    static String configuration(Path plugins, DenialLog log) {
        StringBuilder config = new StringBuilder("# written by egress-gate at every start; changes are overwritten\n");
        // the descriptors through /proc: a sandbox's private /dev may lack the /dev/stdout links
        config.append("[global]\nlogfile=\"/proc/self/fd/2\"\nloglevel=5\n");
        for (String plugin : PLUGINS) {
            config.append("plugin=\"").append(plugins.resolve(plugin)).append("\"\n");
        }
        config.append("stack=nflog:NFLOG,base:BASE,ip2str:IP2STR,json:JSON\n\n");
        // a larger socket buffer than the default rides out bursts; ulogd grows it up to the maximum on loss
        config.append("[nflog]\ngroup=").append(log.group()).append("\nnetlink_socket_buffer_size=1048576\n")
                .append("netlink_socket_buffer_maxsize=8388608\n\n");
        config.append("[json]\nsync=1\nfile=\"/proc/self/fd/1\"\n");
        return config.toString();
    }

    /** Writes the configuration and keeps ulogd running until {@link #close}. */
    public UlogdReader start(Path plugins, DenialLog log) {
        try {
            Files.createDirectories(configFile.getParent());
            Files.writeString(configFile, configuration(plugins, log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile + ": " + e.getMessage(), e);
        }
        loop = new Thread(this::superviseForever, "nflog-reader");
        loop.setDaemon(true);
        loop.start();
        return this;
    }

    private void superviseForever() {
        long wait = 1_000;
        boolean warned = false;
        while (running.get()) {
            long started = System.nanoTime();
            String ended = readOnce();
            up.accept(false);
            if (!running.get()) {
                return;
            }
            if (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) > 60) {
                wait = 1_000; // it ran a good while: this is a new failure, not the same one again
                warned = false;
            }
            if (!warned) {
                LOG.severe("the NFLOG reader (ulogd) " + ended + "; the firewall enforces as before, denied"
                        + " connections are counted as dropped until it runs again (egress_gate_denied_reader_up)");
                warned = true;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = Math.min(MAX_WAIT_MILLIS, wait * 2);
        }
    }

    /**
     * ulogd under util-linux's setpriv where there is one, so that the kernel stops ulogd when the gateway
     * dies, however it dies (a JVM killed, or stopped before its shutdown hook was in place), instead of
     * leaving it holding the NFLOG group.
     */
    List<String> command() {
        List<String> ulogdCommand = List.of(ulogd, "-c", configFile.toString());
        if (!Files.isExecutable(SETPRIV)) {
            return ulogdCommand;
        }
        List<String> wrapped = new java.util.ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        wrapped.addAll(ulogdCommand);
        return wrapped;
    }

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** Runs ulogd until it ends; says how it ended. */
    private String readOnce() {
        Process started;
        try {
            started = runner.startInteractive(command());
        } catch (IOException e) {
            return "cannot start: " + e.getMessage();
        }
        process = started;
        up.accept(true);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("{")) {
                    lines.accept(line);
                } else if (!line.isBlank()) {
                    String said = line;
                    LOG.info(() -> "ulogd: " + said);
                }
            }
        } catch (IOException e) {
            // the process ended under us
        }
        try {
            started.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return started.isAlive() ? "closed its output" : "exited with " + started.exitValue();
    }

    /** The running ulogd's process id, or empty while none runs. */
    public java.util.OptionalLong pid() {
        Process current = process;
        return current != null && current.isAlive() ? java.util.OptionalLong.of(current.pid())
                : java.util.OptionalLong.empty();
    }

    /** Stops ulogd; the kernel's rules stay. */
    @Override
    public void close() {
        running.set(false);
        Process current = process;
        if (current != null) {
            current.descendants().forEach(ProcessHandle::destroy);
            current.destroy();
            try {
                if (!current.waitFor(5, TimeUnit.SECONDS)) {
                    current.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (loop != null) {
            loop.interrupt();
        }
    }
}
