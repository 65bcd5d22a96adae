package io.egressgate.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus rules, the scrape configuration and the Grafana dashboard: their PromQL checked by
 * promtool (the alerts also evaluated against series by {@code promtool test rules}), and every
 * metric they name exported by the server's or the gateway's code.
 */
class MonitoringFilesTest {

    private static final Path PROMETHEUS = Repository.deploy().resolve("prometheus");
    private static final Path DASHBOARD = Repository.deploy().resolve("grafana/egress-gate-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:egressgate|egress_gate|iptables)_[a-z0-9_]+)\\b");
    private static final Pattern METRIC_LITERAL = Pattern.compile("\"((?:egressgate|egress_gate|iptables)_[a-z0-9_]+)\"");
    /** The seed's four Grafana queries, word for word. */
    private static final List<String> SEED_QUERIES = List.of(
            "sum by (ip) (increase(iptables_packets_count{type=~\"OUTPUT\",hostname=~\"$host\"}[2m]))",
            "sum by (ip) (increase(iptables_packets_count{type=~\"INPUT\",hostname=~\"$host\"}[2m]))",
            "sum by (ip) (increase(iptables_bytes_count{type=~\"OUTPUT\",hostname=~\"$host\"}[2m]))",
            "sum by (ip) (increase(iptables_bytes_count{type=~\"INPUT\",hostname=~\"$host\"}[2m]))");

    @BeforeAll
    static void promtoolIsThere() {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool")));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(found).as("promtool (Debian package prometheus) is on the PATH").isTrue();
        }
        assumeTrue(found, "promtool is missing (apt-get install prometheus); the PromQL checks are skipped");
    }

    @Test
    void theAlertRulesAreValidAndFireWhenTheyShould() throws Exception {
        assertThat(promtool(PROMETHEUS, "check", "rules", "egress-gate-alerts.yml")).contains("SUCCESS: 10 rules found");
        assertThat(promtool(PROMETHEUS, "test", "rules", "egress-gate-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void theScrapeConfigurationIsValid() throws Exception {
        String scrape = Repository.read(PROMETHEUS.resolve("prometheus.yml"));
        String tokenFile = "/etc/prometheus/egress-gate-server.token";
        assertThat(scrape).contains(":9900", "job_name: egress-gate-gateway", "job_name: egress-gate-server",
                "metrics_path: /metrics", "credentials_file: " + tokenFile);
        // promtool insists the credentials file exists: check a copy that names one made here
        Path copy = Files.createTempDirectory("egress-gate-prometheus");
        Path token = Files.writeString(copy.resolve("server.token"), "eg_example-metrics-token");
        Files.writeString(copy.resolve("prometheus.yml"), scrape.replace(tokenFile, token.toString()));
        Files.copy(PROMETHEUS.resolve("egress-gate-alerts.yml"), copy.resolve("egress-gate-alerts.yml"));
        String output = promtool(copy, "check", "config", "prometheus.yml");
        assertThat(output).contains("is valid prometheus config file syntax");
    }

    @Test
    void theDashboardHasTheSeedsQueriesAndEveryQueryIsValidPromql() throws Exception {
        List<String> queries = dashboardQueries();
        assertThat(queries).containsAll(SEED_QUERIES);
        assertThat(Repository.read(DASHBOARD)).contains("\"name\": \"host\"", "label_values(iptables_bytes_count, hostname)");

        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            String expr = queries.get(i).replace("$host", ".*").replace("$gateway", ".*")
                    .replace("$__rate_interval", "5m");
            assertThat(expr).as("a Grafana variable left in " + expr).doesNotContain("$");
            rules.append("      - record: dashboard_query_").append(i).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = Files.createTempFile("egress-gate-dashboard", ".rules.yml");
        file.toFile().deleteOnExit();
        Files.writeString(file, rules);
        assertThat(promtool(file.getParent(), "check", "rules", file.getFileName().toString()))
                .contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExportedByTheCode() throws IOException {
        Set<String> exported = exportedMetrics();
        assertThat(exported).as("what the parser found in the code").contains("iptables_bytes_count",
                "egress_gate_drift_repairs_total", "egressgate_gateway_revision_lag", "egressgate_revision",
                "egressgate_resolver_failures_total", "egressgate_resolver_cycle_duration_seconds_count");

        Set<String> used = new TreeSet<>();
        for (String text : List.of(String.join("\n", dashboardQueries()),
                Repository.read(PROMETHEUS.resolve("egress-gate-alerts.yml")))) {
            Matcher metric = METRIC.matcher(text);
            while (metric.find()) {
                used.add(metric.group(1));
            }
        }
        assertThat(used).contains("egressgate_resolver_failures_total", "egressgate_resolver_names_at_cap");
        for (String name : used) {
            assertThat(exported).as("metric " + name + " is exported by the server or the gateway").contains(name);
        }
    }

    /** Metric names as Prometheus shows them: counters with _total, histograms and timers with their series. */
    private static Set<String> exportedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("server-war", "gateway-jar")) {
            try (Stream<Path> files = Files.walk(Repository.root().resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = Files.readString(file);
                    Matcher literal = METRIC_LITERAL.matcher(code);
                    while (literal.find()) {
                        String name = literal.group(1);
                        String after = code.substring(Math.max(0, literal.start() - 60), literal.start());
                        if (after.contains("Counter.builder()") || after.contains(".counter(")) {
                            names.add(name.endsWith("_total") ? name : name + "_total");
                        } else if (after.contains("Histogram.builder()") || after.contains(".histogram(")) {
                            names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
                        } else if (after.contains(".timer(")) {
                            // MicroProfile Metrics 5 shows a timer as a summary in seconds
                            String seconds = name + "_seconds";
                            names.addAll(List.of(seconds, seconds + "_count", seconds + "_sum", seconds + "_max"));
                        } else {
                            names.add(name);
                        }
                    }
                }
            }
        }
        return names;
    }

    private static List<String> dashboardQueries() {
        JsonObject dashboard = Json.createReader(new StringReader(Repository.read(DASHBOARD))).readObject();
        List<String> queries = new ArrayList<>();
        for (JsonValue panel : dashboard.getJsonArray("panels")) {
            JsonObject object = panel.asJsonObject();
            if (object.containsKey("targets")) {
                object.getJsonArray("targets").forEach(t -> queries.add(t.asJsonObject().getString("expr")));
            }
        }
        assertThat(queries).as("queries in the dashboard").hasSizeGreaterThan(4);
        return queries;
    }

    private static String promtool(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }
}
