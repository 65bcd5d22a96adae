package io.egressgate.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The real runnable jar, started as a separate process on a free port with its own data
 * directory; the same data directory survives {@link #kill()} and {@link #start()}.
 */
public final class RunningServer implements AutoCloseable {

    public static final String ADMIN_TOKEN = "it-admin-token-0123456789";
    /** Far above a start on an idle machine (20 to 60 s); -Dit.boot.seconds for a machine busy with other work. */
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(Long.getLong("it.boot.seconds", 240));
    /** Where a test server's resolver sends DNS unless the test gives dns_servers: nothing listens there. */
    public static final String NO_DNS = "127.0.0.1:1";

    private final String name;
    private final Path dataDir;
    private final Path configFile;
    private final int port;
    private Process process;
    private int starts;
    /** Tuned for a quick boot; a benchmark replaces them with production-like ones. */
    private List<String> jvmOptions = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private boolean suppliedAdminToken = true;

    public RunningServer(String name, Path configFile) throws IOException {
        this.name = name;
        this.dataDir = Files.createTempDirectory("egress-gate-it-" + name);
        this.configFile = configFile;
        this.port = freePort();
    }

    /** The jar built by this module, or another one named by {@code -Dit.server.jar} (a benchmark's "before"). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("it.server.jar", "target/egress-gate-server.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first");
        }
        return jar;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A free port below the kernel's ephemeral range, for a listener that peers dial before it is up
     * (the data grid's): a connection to a closed port in that range can be given the same port as its
     * own end and connect to itself, holding the port, as happened to a grid port while the first
     * server dialled the second.
     */
    public static int portOutsideEphemeralRange() throws IOException {
        int ephemeralFrom = 32768;
        // one read: sysctl files answer a read at an offset (as Files.readString makes) with nothing
        try (BufferedReader range = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            ephemeralFrom = Integer.parseInt(range.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            // the usual default
        }
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ephemeralFrom - 1 - random.nextInt(Math.min(10_000, ephemeralFrom - 1024));
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port below " + ephemeralFrom + " in 200 tries");
    }

    public RunningServer jvmOptions(String... options) {
        jvmOptions = List.of(options);
        return this;
    }

    /** The server makes its own first admin token, as on a real first start without one. */
    public RunningServer generatedAdminToken() {
        suppliedAdminToken = false;
        return this;
    }

    public long pid() {
        return process.pid();
    }

    public RunningServer start() throws IOException, InterruptedException {
        // Network safety: the resolver never asks the machine's real DNS servers (resolv.conf) from a
        // test; dns_servers in a test's own configuration file overrides this closed loopback port.
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Degressgate.dns_servers=" + NO_DNS, "-jar", jar().toString(),
                "--data-dir", dataDir.toString(), "-port", Integer.toString(port)));
        if (configFile != null) {
            command.addAll(List.of("-server-conf-path", configFile.toString()));
        }
        Path log = logFile();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (suppliedAdminToken) {
            builder.environment().put("EGRESS_GATE_ADMIN_TOKEN", ADMIN_TOKEN);
        }
        starts++;
        process = builder.start();
        awaitReady();
        return this;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server " + name + " exited with " + process.exitValue()
                        + " during start; log: " + logFile());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server " + name + " not ready within " + BOOT_TIMEOUT + "; log: " + logFile()
                + "; its threads: " + threadDump());
    }

    /** What every thread of the server is doing, written beside its log: a start that hangs says where. */
    private Path threadDump() {
        Path dump = logFile().resolveSibling(name + "-threads.txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            // the dump only helps; the failure is reported either way
        }
        return dump;
    }

    /** SIGKILL: no shutdown hooks, no flushing — what a crash looks like. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public URI gatewayUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws/gateway");
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return Path.of("target", "it-logs", name + ".log").toAbsolutePath();
    }

    public String log() throws IOException {
        return Files.readString(logFile());
    }

    public Api api() {
        return new Api(baseUrl(), ADMIN_TOKEN);
    }

    public Api api(String token) {
        return new Api(baseUrl(), token);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
