package io.egressgate.deployment;

import io.egressgate.network.RunningProcess;
import io.egressgate.network.Site;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The real gateway jar inside a site's gateway namespace, with its state directory and token file
 * on disk so that it can be killed and started again like a systemd service. Short intervals keep
 * the scenarios quick; they are printed with the measured figures.
 */
public final class GatewayProcess implements AutoCloseable {

    public static final int METRICS_PORT = 9900;
    public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(2);
    public static final Duration PING_INTERVAL = Duration.ofSeconds(1);
    public static final Duration BACKOFF_MAX = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final Site site;
    private final String hostname;
    private final String serverUrl;
    private final Path tokenFile;
    private final Path stateDir;
    private final Path logDir;
    private RunningProcess process;

    public GatewayProcess(Site site, String hostname, String serverUrl, Path tokenFile, Path stateDir, Path logDir) {
        this.site = site;
        this.hostname = hostname;
        this.serverUrl = serverUrl;
        this.tokenFile = tokenFile;
        this.stateDir = stateDir;
        this.logDir = logDir;
    }

    /** Starts the jar and waits until it enforces its saved allowlist and serves metrics. */
    public GatewayProcess start() {
        process = RunningProcess.start(hostname, site.gateway().command(Artifacts.java(), "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", Artifacts.gatewayJar().toString(),
                "-iptables-wss-server", serverUrl, "-token-file", tokenFile.toString(),
                "-state-dir", stateDir.toString(), "-hostname", hostname, "-metrics-port", Integer.toString(METRICS_PORT),
                "-reconcile-interval", millis(RECONCILE_INTERVAL), "-ping-interval", millis(PING_INTERVAL),
                "-stats-interval", "5s", "-backoff-initial", "500ms", "-backoff-max", millis(BACKOFF_MAX),
                "-handshake-timeout", "3s"), logDir, Map.of());
        process.awaitOutput("/metrics", Duration.ofSeconds(60));
        return this;
    }

    /** SIGKILL. The kernel keeps the rules: the gateway is gone but its allowlist is still enforced. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String hostname() {
        return hostname;
    }

    public Site site() {
        return site;
    }

    /** Where Prometheus (in the root namespace) scrapes this gateway. */
    public String metricsTarget() {
        return site.gatewayServerSide() + ":" + METRICS_PORT;
    }

    public String metricsUrl() {
        return "http://" + metricsTarget() + "/metrics";
    }

    public MetricsText metrics() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(metricsUrl() + " answered " + response.statusCode());
            }
            return MetricsText.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(metricsUrl() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The metrics, or empty while the endpoint cannot be read (the gateway is restarting). */
    public Optional<MetricsText> tryMetrics() {
        try {
            return Optional.of(metrics());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    public boolean connected() {
        return tryMetrics().flatMap(m -> m.value("egress_gate_connected")).orElse(0.0) == 1.0;
    }

    public long appliedRevision() {
        return tryMetrics().flatMap(m -> m.value("egress_gate_applied_revision")).orElse(-2.0).longValue();
    }

    /** The seed's traffic counter for one published address and direction on this gateway. */
    public double traffic(String metric, String cidr, String type) {
        return metrics().value(metric, Map.of("ip", cidr, "type", type, "hostname", hostname)).orElse(0.0);
    }

    public String output() {
        return process == null ? "" : process.output();
    }

    public Path log() {
        return logDir.resolve(hostname + ".log");
    }

    static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
    }

    /** The timing flags the box runs gateways with, for printing beside the measured figures. */
    public static String timingFlags() {
        return "-reconcile-interval " + millis(RECONCILE_INTERVAL) + " -ping-interval " + millis(PING_INTERVAL)
                + " -backoff-initial 500ms -backoff-max " + millis(BACKOFF_MAX) + " -handshake-timeout 3s";
    }
}
