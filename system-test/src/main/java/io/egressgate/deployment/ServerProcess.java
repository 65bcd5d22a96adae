package io.egressgate.deployment;

import io.egressgate.network.RunningProcess;
import io.egressgate.network.Site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real server jar in the root namespace, on a fixed port and data directory so that a restart
 * after {@code kill -9} finds its database and its gateways find it again.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(240);

    private final String name;
    private final Path dataDir;
    private final Path config;
    private final int port;
    private final String adminToken;
    private final Path logDir;
    private RunningProcess process;

    public ServerProcess(String name, Path dataDir, Path config, int port, String adminToken, Path logDir) {
        this.name = name;
        this.dataDir = dataDir;
        this.config = config;
        this.port = port;
        this.adminToken = adminToken;
        this.logDir = logDir;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the jar and waits until {@code /health/ready} is UP; returns how long that took. */
    public Duration start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("server " + name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(Artifacts.java(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", Artifacts.serverJar().toString(), "-data-dir", dataDir.toString(),
                "-port", Integer.toString(port)));
        if (config != null) {
            command.addAll(List.of("-server-conf-path", config.toString()));
        }
        long started = System.nanoTime();
        process = RunningProcess.start(name, command, logDir, Map.of("EGRESS_GATE_ADMIN_TOKEN", adminToken));
        awaitReady();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server " + name + " exited during start; log " + process.log()
                        + ":\n" + process.output());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            Eventually.sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("server " + name + " not ready within " + BOOT_TIMEOUT + "; log " + process.log());
    }

    /** SIGKILL: what a crashed server or a lost machine looks like to the gateways. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public String name() {
        return name;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The URL a site's gateway uses: the root namespace's end of its link. */
    public String gatewayUrl(Site site) {
        return "ws://" + site.serverSide() + ":" + port + "/ws/gateway";
    }

    public ServerApi api() {
        return new ServerApi(baseUrl(), adminToken);
    }

    public String adminToken() {
        return adminToken;
    }

    public Path log() {
        return logDir.resolve(name + ".log");
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }
}
