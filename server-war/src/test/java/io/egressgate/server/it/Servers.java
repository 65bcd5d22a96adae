package io.egressgate.server.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The servers the integration tests share: one on the embedded H2 and one on MariaDB, each booted
 * once per test run (a boot costs 15-40 s) and stopped when the JVM ends.
 */
public final class Servers {

    public static final String MARIADB_HOST = System.getenv().getOrDefault("EGRESS_GATE_IT_MYSQL_HOST", "127.0.0.1");
    public static final String MARIADB_DATABASE = "egressgate_it";

    private static RunningServer h2;
    private static RunningServer mariadb;
    /** A server that failed to boot fails every test that needs it at once, instead of booting again. */
    private static final java.util.Map<String, RuntimeException> failures = new java.util.HashMap<>();

    private Servers() {
    }

    public static synchronized RunningServer h2() throws Exception {
        if (h2 == null) {
            h2 = boot("h2", () -> new RunningServer("h2", h2Config()));
        }
        return h2;
    }

    public static synchronized RunningServer mariadb() throws Exception {
        if (mariadb == null) {
            mariadb = boot("mariadb", () -> new RunningServer("mariadb", mariadbConfig(MARIADB_DATABASE)));
        }
        return mariadb;
    }

    private interface ServerFactory {
        RunningServer create() throws Exception;
    }

    private static RunningServer boot(String name, ServerFactory factory) {
        if (failures.containsKey(name)) {
            throw failures.get(name);
        }
        try {
            RunningServer server = factory.create();
            register(server);
            return server.start();
        } catch (Exception | AssertionError e) {
            failures.put(name, new IllegalStateException("server " + name + " failed to start: " + e.getMessage(), e));
            throw failures.get(name);
        }
    }

    /** Console sessions idle out quickly here, so ConsoleIT can watch one expire. */
    public static final int CONSOLE_IDLE_SECONDS = 30;

    private static Path h2Config() throws Exception {
        Path config = Files.createTempFile("egress-gate-it-h2", ".yaml");
        Files.writeString(config, "console_idle_timeout: " + CONSOLE_IDLE_SECONDS + "\n");
        return config;
    }

    /** A fresh, empty MariaDB database and a server configuration file pointing at it. */
    public static Path mariadbConfig(String database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + MARIADB_HOST + ":3306/?user=root");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        }
        Path config = Files.createTempFile("egress-gate-it-" + database, ".yaml");
        Files.writeString(config, String.join("\n",
                "db_user: \"root\"",
                "db_password: \"\"",
                "db_server: \"" + MARIADB_HOST + "\"",
                "db_port: \"3306\"",
                "db_name: \"" + database + "\"", ""));
        return config;
    }

    private static RunningServer register(RunningServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return server;
    }
}
