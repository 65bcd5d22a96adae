package io.egressgate.deployment;

import io.egressgate.network.RunningProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) in the root namespace, scraping gateways
 * every second, its storage in a scratch directory, its API on loopback only.
 */
public final class Prometheus implements AutoCloseable {

    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final RunningProcess process;
    private final String url;

    private Prometheus(RunningProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** One series of an instant vector: its labels and value. */
    public record Series(Map<String, String> labels, double value) {
    }

    /** A server to scrape as Prometheus scrapes it in production: with a token of role metrics in a file. */
    public record ServerScrape(String target, String token) {
    }

    public static Prometheus start(List<String> targets, Path workDir, Path logDir) {
        return start(targets, null, workDir, logDir);
    }

    public static Prometheus start(List<String> targets, ServerScrape server, Path workDir, Path logDir) {
        int port = ServerProcess.freePort();
        Path config = workDir.resolve("prometheus.yml");
        String targetList = targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
        try {
            Files.createDirectories(workDir.resolve("tsdb"));
            List<String> serverJob = List.of();
            if (server != null) {
                Path credentials = workDir.resolve("server-metrics-token");
                Files.writeString(credentials, server.token());
                serverJob = List.of(
                        "  - job_name: egress-gate-server",
                        "    authorization:",
                        "      credentials_file: " + credentials,
                        "    static_configs:",
                        "      - targets: ['" + server.target() + "']");
            }
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: " + SCRAPE_INTERVAL.toSeconds() + "s",
                    "  scrape_timeout: " + SCRAPE_INTERVAL.toSeconds() + "s",
                    "  evaluation_interval: " + SCRAPE_INTERVAL.toSeconds() + "s",
                    "scrape_configs:",
                    "  - job_name: egress-gate-gateway",
                    "    static_configs:",
                    "      - targets: [" + targetList + "]",
                    String.join("\n", serverJob), ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        RunningProcess process = RunningProcess.start("prometheus", List.of("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h"), logDir, Map.of());
        Prometheus prometheus = new Prometheus(process, "http://127.0.0.1:" + port);
        try {
            process.awaitOutput("Server is ready to receive web requests", Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    /** Evaluates a PromQL expression now ({@code /api/v1/query}); its instant vector. */
    public List<Series> query(String expression) {
        JsonObject answer = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        if (!"success".equals(answer.getString("status", ""))) {
            throw new IllegalStateException("Prometheus refused " + expression + ": " + answer);
        }
        JsonObject data = answer.getJsonObject("data");
        if (!"vector".equals(data.getString("resultType"))) {
            throw new IllegalStateException(expression + " is not an instant vector: " + data);
        }
        List<Series> series = new ArrayList<>();
        for (JsonValue item : data.getJsonArray("result")) {
            JsonObject result = item.asJsonObject();
            Map<String, String> labels = new TreeMap<>();
            result.getJsonObject("metric").forEach((key, value) -> labels.put(key, ((jakarta.json.JsonString) value).getString()));
            series.add(new Series(labels, Double.parseDouble(result.getJsonArray("value").getString(1))));
        }
        return series;
    }

    /** The health Prometheus reports for each scrape target ("up", "down", "unknown"). */
    public Map<String, String> targetHealth() {
        Map<String, String> health = new TreeMap<>();
        for (JsonValue target : get("/api/v1/targets").getJsonObject("data").getJsonArray("activeTargets")) {
            JsonObject t = target.asJsonObject();
            health.put(t.getJsonObject("labels").getString("instance"), t.getString("health"));
        }
        return health;
    }

    public String url() {
        return url;
    }

    public Path log() {
        return process.log();
    }

    private JsonObject get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            try (var reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new IllegalStateException(url + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
