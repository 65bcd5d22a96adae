package io.egressgate.server.launcher.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.it.Api;
import io.egressgate.server.it.RunningServer;
import io.egressgate.server.it.Servers;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The import command of the runnable jar against an outputGuard table in MariaDB (the shape gorm
 * gave it) and a real server: dry run, import, a second import, and the mistakes an operator makes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutputGuardImportIT {

    private static final String DATABASE = "egressgate_docs_outputguard";
    private static final String ROOT_URL = "jdbc:mysql://" + Servers.MARIADB_HOST + ":3306/?user=root";

    private static RunningServer server;
    private static Path sourceConfig;
    private static Path tokenFile;

    record Outcome(int exit, String output) {
        List<String> lines(String prefix) {
            return output.lines().filter(line -> line.startsWith(prefix)).toList();
        }
    }

    @BeforeAll
    static void outputGuardTableAndServer() throws Exception {
        createOutputGuardTable();
        sourceConfig = temporary("outputguard", ".yaml");
        Files.writeString(sourceConfig, String.join("\n", "db_user: \"root\"", "db_password: \"\"",
                "db_server: \"" + Servers.MARIADB_HOST + "\"", "db_port: \"3306\"", "db_name: \"" + DATABASE + "\"", ""));
        // Domains are imported; whatever resolves them must only ever ask loopback.
        Path serverConfig = temporary("egress-gate-import", ".yaml");
        Files.writeString(serverConfig, "dns_servers: [\"127.0.0.1:" + RunningServer.freePort() + "\"]\n");
        server = new RunningServer("outputguard-import", serverConfig);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        server.start();
        server.api().add("192.0.2.50", false);
        tokenFile = temporary("import", ".token");
        Files.writeString(tokenFile, server.api().createToken("outputguard-import", "admin") + "\n");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(ROOT_URL);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            }
        }
    }

    private static void createOutputGuardTable() throws Exception {
        try (Connection connection = DriverManager.getConnection(ROOT_URL);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
            statement.execute("CREATE TABLE " + DATABASE + ".crawler_proxies (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,"
                    + " types LONGTEXT, ip LONGTEXT, name LONGTEXT, is_no_del TINYINT(1), is_local_net TINYINT(1),"
                    + " created_at DATETIME(3) NULL)");
        }
        try (Connection connection = DriverManager.getConnection(ROOT_URL);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + DATABASE
                     + ".crawler_proxies (types, ip, name, is_no_del, is_local_net, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            Object[][] rows = {
                    {"IP", "203.0.113.7", "203.0.113.7", false, false},
                    {"IP", "198.51.100.0/24", "198.51.100.0/24", true, false},
                    {"Domain", "203.0.113.10", "mirror.example.com", true, false},
                    {"Domain", "203.0.113.11", "mirror.example.com", true, false},
                    {"Domain", "10.0.0.8", "cdn.example.net", true, true},
                    {"Domain", "203.0.113.12", "cdn.example.net", false, false},
                    {"IP", "10.20.30.40", "10.20.30.40", true, true},
                    // outputGuard's private list did not know multicast; the server does
                    {"IP", "224.0.0.5", "224.0.0.5", false, false},
                    // already on the server, unlocked
                    {"IP", "192.0.2.50", "192.0.2.50", true, false},
            };
            LocalDateTime when = LocalDateTime.of(2024, 3, 1, 9, 30);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.setTimestamp(6, Timestamp.valueOf(when));
                when = when.plusHours(1);
                insert.executeUpdate();
            }
        }
    }

    private static Path temporary(String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(prefix, suffix);
        file.toFile().deleteOnExit();
        return file;
    }

    private static Outcome run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", RunningServer.jar().toString(), "import-outputguard"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(OutputGuardImport.TOKEN_VARIABLE);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the import did not finish: " + command);
        }
        return new Outcome(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }

    private static Map<String, JsonObject> entriesOnServer() {
        Api.Reply reply = server.api().get("/api/v1/entries?limit=1000");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(e -> e.getString("value"), e -> e));
    }

    @Test
    @Order(1)
    void aDryRunReportsThePlanAndSendsNothing() throws Exception {
        Outcome outcome = run(Map.of(), "-source-conf-path", sourceConfig.toString(), "-dry-run");

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(outcome.lines("would add")).hasSize(6).anySatisfy(line -> assertThat(line)
                .contains("mirror.example.com", "domain, locked", "203.0.113.10 203.0.113.11"));
        assertThat(outcome.lines("skipped")).hasSize(2).anySatisfy(line -> assertThat(line)
                .contains("10.20.30.40", "private address (is_local_net)"));
        assertThat(outcome.output()).contains("summary: 9 rows read; 6 entries to import (2 domains, 0 wildcards,"
                + " 4 addresses/CIDRs; 3 locked); 2 rows skipped", "dry run: nothing was sent");
        assertThat(entriesOnServer().keySet()).containsExactly("192.0.2.50");
    }

    @Test
    @Order(2)
    void theImportAddsEveryEntryThroughTheApiKeepingLocksAndSkippingPrivateAddresses() throws Exception {
        Outcome outcome = run(Map.of(), "-source-conf-path", sourceConfig.toString(), "-server", server.baseUrl(),
                "-token-file", tokenFile.toString());

        assertThat(outcome.exit()).as("a rejected entry makes the exit code 1: " + outcome.output()).isEqualTo(1);
        assertThat(outcome.lines("created")).hasSize(4);
        assertThat(outcome.lines("rejected")).singleElement().satisfies(line -> assertThat(line).contains("224.0.0.5"));
        assertThat(outcome.lines("present")).singleElement().satisfies(line -> assertThat(line)
                .contains("192.0.2.50", "unlocked; outputGuard had it not deletable"));
        assertThat(outcome.output()).contains("imported: 4 created, 1 already present (1 of them unlocked although"
                + " outputGuard had them not deletable), 1 rejected by the server, 0 not attempted");

        Map<String, JsonObject> entries = entriesOnServer();
        assertThat(entries.keySet()).containsExactlyInAnyOrder("192.0.2.50", "203.0.113.7", "198.51.100.0/24",
                "mirror.example.com", "cdn.example.net");
        assertThat(entries.get("198.51.100.0/24").getBoolean("locked")).isTrue();
        assertThat(entries.get("mirror.example.com").getBoolean("locked")).isTrue();
        assertThat(entries.get("mirror.example.com").getString("kind")).isEqualTo("DOMAIN");
        assertThat(entries.get("cdn.example.net").getBoolean("locked")).isFalse();
        assertThat(entries.get("203.0.113.7").getBoolean("locked")).isFalse();
        assertThat(entries.get("203.0.113.7").getString("createdBy")).isEqualTo("outputguard-import");
        assertThat(entries.get("203.0.113.7").getString("note")).isEqualTo("outputGuard import: added 2024-03-01 09:30:00");
        assertThat(server.api().delete("/api/v1/entries/" + entries.get("mirror.example.com").getInt("id")).status())
                .as("imported locks hold").isEqualTo(409);
    }

    @Test
    @Order(3)
    void runningTheImportAgainChangesNothing() throws Exception {
        long revision = server.api().get("/api/v1/allowlist").json().getJsonNumber("revision").longValue();

        Outcome outcome = run(Map.of(OutputGuardImport.TOKEN_VARIABLE, Files.readString(tokenFile).strip()),
                "--source-conf-path", sourceConfig.toString(), "--server", server.baseUrl() + "/");

        assertThat(outcome.lines("created")).as(outcome.output()).isEmpty();
        assertThat(outcome.lines("present")).hasSize(5);
        assertThat(server.api().get("/api/v1/allowlist").json().getJsonNumber("revision").longValue()).isEqualTo(revision);
    }

    @Test
    @Order(4)
    void aTokenTheServerRefusesStopsTheImportWithOneLine() throws Exception {
        Path wrongToken = temporary("wrong", ".token");
        Files.writeString(wrongToken, "not-a-token-of-this-server");

        Outcome outcome = run(Map.of(), "-source-conf-path", sourceConfig.toString(), "-server", server.baseUrl(),
                "-token-file", wrongToken.toString());

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.output()).contains("stopped: the server refused the token (401").doesNotContain("Exception");
    }

    @Test
    @Order(5)
    void operatorMistakesAreOneLineAndExitCodeTwo() throws Exception {
        Outcome noServer = run(Map.of(), "-source-conf-path", sourceConfig.toString());
        assertThat(noServer.exit()).isEqualTo(2);
        assertThat(noServer.output()).contains("-server is required");

        Outcome noToken = run(Map.of(), "-source-conf-path", sourceConfig.toString(), "-server", server.baseUrl());
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.output()).contains("an admin token is needed");

        Path h2Only = temporary("no-db", ".yaml");
        Files.writeString(h2Only, "port: 8080\n");
        Outcome noDatabase = run(Map.of(), "-source-conf-path", h2Only.toString(), "-dry-run");
        assertThat(noDatabase.exit()).isEqualTo(2);
        assertThat(noDatabase.output()).contains("names no MySQL database");

        Outcome badTable = run(Map.of(), "-source-conf-path", sourceConfig.toString(), "-dry-run", "-table", "x;drop");
        assertThat(badTable.exit()).isEqualTo(2);
        assertThat(badTable.output().strip().lines().count()).as(badTable.output()).isEqualTo(1);

        Outcome missingTable = run(Map.of(), "-source-conf-path", sourceConfig.toString(), "-dry-run", "-table", "nothing_here");
        assertThat(missingTable.exit()).isEqualTo(1);
        assertThat(missingTable.output()).contains("cannot read nothing_here");
    }
}
