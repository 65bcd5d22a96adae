package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The start as an operator sees it (Payara quiet, then one block), and the recovery commands
 * {@code reset-admin} and {@code reset-epoch} run on the real jar against a real data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCommandsIT {

    RunningServer server;

    record Outcome(int exit, String output) {
    }

    @BeforeAll
    void boot() throws Exception {
        server = new RunningServer("operator-commands", null).start();
    }

    @AfterAll
    void shutdown() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @Order(1)
    void aStartShowsOnlyWarningsOfPayaraThenOneBlockWithWhereItListensAndHowToSignIn() throws Exception {
        String log = server.log();
        // the block follows the health check's UP by a moment: the launcher prints it once bootStrap returns
        for (int i = 0; i < 100 && !log.contains("  sign in   "); i++) {
            Thread.sleep(100);
            log = server.log();
        }
        // the log file of an earlier run of this test may come first
        log = log.substring(log.lastIndexOf("egress-gate server: starting"));
        List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines.get(0)).startsWith("egress-gate server: starting with the embedded H2 database")
                .endsWith("(Payara's log from WARNING up; -log-level INFO shows all of it)");
        assertThat(log).contains("egress-gate server: ready",
                "  console   http://localhost:" + server.port() + "/",
                "  gateways  ws://localhost:" + server.port() + "/ws/gateway",
                "  sign in   user admin; the password is the admin API token you supplied")
                .doesNotContain("JdbcRuntimeExtension").doesNotContain("has expired");
        // Payara logs no start-up chatter of its own at INFO; the server's own lines are few
        assertThat(lines.stream().filter(line -> line.contains("[INFO]"))
                .filter(line -> !line.contains("[io.egressgate.")).toList()).isEmpty();
        assertThat(lines).hasSizeLessThan(40);
    }

    @Test
    @Order(2)
    void aCommandRefusesWhileTheServerHoldsTheEmbeddedDatabase() throws Exception {
        Outcome outcome = run("reset-admin", "-data-dir", server.dataDir().toString());
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.output().strip()).isEqualTo("egress-gate-server reset-admin: the server is running on "
                + server.dataDir().resolve("egressgate.mv.db") + ": stop it first");
        assertThat(server.dataDir().resolve("reset-admin-token")).doesNotExist();
    }

    @Test
    @Order(3)
    void resetAdminMakesANewAdminTokenWhichIsAlsoTheConsoleAdminsPassword() throws Exception {
        server.stop();
        Outcome outcome = run("reset-admin", "-data-dir", server.dataDir().toString());
        assertThat(outcome.exit()).as(outcome.output()).isZero();
        Path file = server.dataDir().resolve("reset-admin-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(outcome.output()).contains("egress-gate-server reset-admin: new admin API token 'reset admin ")
                .contains("is in " + file).doesNotContain(token);

        server.start();
        assertThat(server.api(token).get("/api/v1/tokens").status()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/tokens").status()).as("the earlier admin token stays").isEqualTo(200);
        try (Browser browser = Browser.open(server.baseUrl())) {
            browser.signIn("admin", token).awaitPath("/console/");
        }
    }

    @Test
    @Order(4)
    void resetEpochGivesTheAllowlistANewEpochAndKeepsItsRevision() throws Exception {
        server.api().add("203.0.113.77", false);
        JsonObject before = server.api().get("/api/v1/allowlist").json();
        server.stop();
        Outcome outcome = run("reset-epoch", "-data-dir", server.dataDir().toString());
        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("egress-gate-server reset-epoch: epoch " + before.getString("epoch")
                + " is now ");

        server.start();
        JsonObject after = server.api().get("/api/v1/allowlist").json();
        assertThat(after.getString("epoch")).isNotEqualTo(before.getString("epoch"));
        assertThat(outcome.output()).contains(after.getString("epoch"));
        assertThat(after.getJsonNumber("revision").longValue()).isEqualTo(before.getJsonNumber("revision").longValue());
        assertThat(after.getJsonArray("cidrs").toString()).contains("203.0.113.77/32");
    }

    /** A command starts the whole server once, so it gets as long as a start may take. */
    private static Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Degressgate.dns_servers=" + RunningServer.NO_DNS, "-jar", RunningServer.jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not finish: " + command);
        }
        return new Outcome(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }
}
