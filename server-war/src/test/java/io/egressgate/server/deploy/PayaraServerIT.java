package io.egressgate.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.it.RunningServer;
import io.egressgate.server.it.Servers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The WAR, unchanged, on a full Payara Server 6 (the distribution zip from Maven Central): a new
 * domain on free ports, MySQL Connector/J added as a library, the JDBC pool and resource
 * {@code jdbc/egressgate} on MariaDB, {@code asadmin deploy}, one API call. The commands are the
 * ones the documentation's Payara Server page gives.
 */
class PayaraServerIT {

    private static final Path WORK = Path.of("target", "payara-server").toAbsolutePath();
    private static final Path ZIP = WORK.resolve("payara.zip");
    private static final Path RUN = WORK.resolve("run");
    private static final String DOMAIN = "egressgate";
    private static final String DATABASE = "egressgate_docs_payara";
    private static final String ADMIN_TOKEN = "payara-server-admin-token-0123";
    /** The offsets create-domain --portbase uses. */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theWarRunsUnchangedOnPayaraServerWithAMysqlJdbcResource() throws Exception {
        Path war = Path.of("target", "egress-gate-server.war").toAbsolutePath();
        assertThat(war).as("mvn package makes the WAR").isRegularFile();
        assertThat(ZIP).as("the build copies the Payara Server zip (server-war/pom.xml)").isRegularFile();
        removeStaleRun();
        freshDatabase();
        Path installation = unpack(ZIP, RUN);
        int portBase = freePortBase();
        int adminPort = portBase + 48;
        int httpPort = portBase + 80;
        try {
            asadmin(installation, "create-domain", "--nopassword", "--portbase", Integer.toString(portBase), DOMAIN);
            asadmin(installation, "start-domain", DOMAIN);
            String[] admin = {"--port", Integer.toString(adminPort)};
            asadmin(installation, admin, "add-library", mysqlConnectorJar().toString());
            asadmin(installation, admin, "create-jdbc-connection-pool",
                    "--datasourceclassname", "com.mysql.cj.jdbc.MysqlDataSource", "--restype", "javax.sql.DataSource",
                    "--property", "URL=jdbc\\:mysql\\://" + Servers.MARIADB_HOST + "\\:3306/" + DATABASE
                            + "?user\\=root&password\\=", "egressgatePool");
            asadmin(installation, admin, "create-jdbc-resource", "--connectionpoolid", "egressgatePool", "jdbc/egressgate");
            // network safety: the resolver only ever asks a closed loopback port (asadmin needs the ':' escaped)
            asadmin(installation, admin, "create-system-properties", "egressgate.admin_token=" + ADMIN_TOKEN
                    + ":egressgate.dns_servers=" + RunningServer.NO_DNS.replace(":", "\\:"));
            asadmin(installation, admin, "deploy", "--contextroot", "/", "--name", "egress-gate", war.toString());

            HttpResponse<String> ready = get(httpPort, "/health/ready", null);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            HttpResponse<String> added = http.send(request(httpPort, "/api/v1/entries", ADMIN_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"198.51.100.0/24\",\"locked\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            assertThat(get(httpPort, "/api/v1/allowlist", ADMIN_TOKEN).body()).contains("\"198.51.100.0/24\"");
            assertThat(get(httpPort, "/metrics", null).statusCode()).as("anonymous scrape").isEqualTo(401);
            assertThat(get(httpPort, "/metrics", ADMIN_TOKEN).body()).contains("egressgate_allowlist_size");
            assertThat(get(httpPort, "/api/v1/resolver", ADMIN_TOKEN).body()).as("settings reach the WAR as system properties")
                    .contains("\"dnsServers\":[\"" + RunningServer.NO_DNS + "\"]");
        } finally {
            stopDomain(installation);
            deleteTree(RUN);
            dropDatabase();
        }
    }

    private HttpRequest.Builder request(int port, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        return http.send(request(port, path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void asadmin(Path installation, String command, String... args) throws Exception {
        asadmin(installation, new String[0], command, args);
    }

    private static void asadmin(Path installation, String[] programOptions, String command, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", installation.resolve("glassfish/lib/client/appserver-cli.jar").toString(),
                "--interactive=false", "--user", "admin"));
        line.addAll(List.of(programOptions));
        line.add(command);
        line.addAll(List.of(args));
        Path log = WORK.resolve("asadmin.log");
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("asadmin " + command + " did not finish in 240 s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("asadmin " + command + " failed (exit " + process.exitValue() + "): "
                    + tail(log) + "\nserver log: " + serverLog(installation));
        }
    }

    /** stop-domain, and if that does not end it, the domain's own process by the pid it wrote. */
    private static void stopDomain(Path installation) {
        try {
            if (Files.isDirectory(installation.resolve("glassfish/domains/" + DOMAIN))) {
                asadmin(installation, "stop-domain", DOMAIN);
            }
        } catch (Exception | AssertionError e) {
            System.err.println("stop-domain failed: " + e.getMessage());
        } finally {
            killByPidFile(installation.resolve("glassfish/domains/" + DOMAIN + "/config/pid"));
        }
    }

    private static void removeStaleRun() throws IOException {
        if (Files.isDirectory(RUN)) {
            try (Stream<Path> pids = Files.find(RUN, 6, (p, a) -> p.getFileName().toString().equals("pid")
                    && p.getParent().getFileName().toString().equals("config"))) {
                pids.forEach(PayaraServerIT::killByPidFile);
            }
            deleteTree(RUN);
        }
        Files.createDirectories(WORK);
        Files.deleteIfExists(WORK.resolve("asadmin.log"));
    }

    private static void killByPidFile(Path pidFile) {
        try {
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).filter(p -> p.info().commandLine().orElse("").contains(RUN.toString()))
                        .ifPresent(p -> {
                            p.destroyForcibly();
                            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                        });
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not end the process of " + pidFile + ": " + e.getMessage());
        }
    }

    private static Path unpack(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> top = Files.list(target)) {
            return top.filter(p -> p.getFileName().toString().startsWith("payara")).findFirst()
                    .orElseThrow(() -> new IOException("no payara* directory in " + zip));
        }
    }

    /** A port base whose every port create-domain would use is free, so parallel builds never collide. */
    private static int freePortBase() {
        for (int base = 28000; base < 40000; base += 100) {
            boolean free = true;
            for (int offset : PORT_OFFSETS) {
                free &= isFree(base + offset);
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("no free port base between 28000 and 40000");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path mysqlConnectorJar() throws Exception {
        return Path.of(com.mysql.cj.jdbc.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void freshDatabase() throws Exception {
        dropDatabase();
        try (Connection connection = DriverManager.getConnection(rootUrl()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
    }

    private static void dropDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(rootUrl()); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    private static String rootUrl() {
        return "jdbc:mysql://" + Servers.MARIADB_HOST + ":3306/?user=root";
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String serverLog(Path installation) {
        return installation.resolve("glassfish/domains/" + DOMAIN + "/logs/server.log").toString();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
