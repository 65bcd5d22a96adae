package io.egressgate.scenarios;

import io.egressgate.deployment.ClientProbe;
import io.egressgate.deployment.Deployment;
import io.egressgate.deployment.Eventually;
import io.egressgate.deployment.GatewayProcess;
import io.egressgate.deployment.ServerApi;
import io.egressgate.network.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same box with the server on MariaDB (127.0.0.1:3306, root without password, a database made
 * for this run and dropped after it): the allowlist reaches the client, deletes and refusals behave.
 */
class MariaDbSystemIT {

    static final String DATABASE = "egressgate_e2e";
    static final String ALLOWED = "203.0.113.10";
    static final String LOCKED = "198.51.100.20";
    static final Duration PATIENCE = Duration.ofSeconds(20);

    static final Figures figures = new Figures("MariaDB");

    @TempDir
    static Path work;

    static boolean databaseCreated;
    static Deployment box;

    @BeforeAll
    static void buildTheBox() {
        Requirements.tools(Requirements.TOOLS);
        MariaDb.freshDatabase(DATABASE);
        databaseCreated = true;
        box = Deployment.start(Boxes.settings("mariadb", MariaDb.yaml(DATABASE), work));
        figures.record("server first boot: start -> /health/ready", box.serverBoot());
        assertThat(box.server().log()).content().contains("MySQL database " + DATABASE + " at " + MariaDb.HOST);
    }

    @AfterAll
    static void removeTheBox() throws SQLException {
        try {
            if (box != null) {
                box.close();
            }
        } finally {
            if (databaseCreated) {
                MariaDb.drop(DATABASE);
            }
        }
        figures.print("server on MariaDB; gateway flags " + GatewayProcess.timingFlags());
    }

    @Test
    void theAllowlistKeptInMariaDbIsWhatTheClientCanReach() {
        ServerApi api = box.api();
        GatewayProcess gateway = box.gateway(1);
        ClientProbe client = box.client(1);
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(200), () -> Boxes.inSync(gateway, api))).isPresent();
        assertThat(client.reachability(List.of(ALLOWED, LOCKED, "198.51.100.12"))).doesNotContainValue(true);
        assertThat(client.reachable(Topology.INTERNAL_HOST)).isTrue();

        long start = System.nanoTime();
        long id = api.addEntry(ALLOWED, false);
        assertThat(client.awaitReachable(ALLOWED, PATIENCE)).isPresent();
        figures.record("propagation: API call -> first successful request", Duration.ofNanos(System.nanoTime() - start));
        long locked = api.addEntry(LOCKED, true);
        assertThat(client.awaitReachable(LOCKED, PATIENCE)).isPresent();
        assertThat(client.reachable("198.51.100.12")).isFalse();

        assertThat(api.deleteEntry(locked).status()).isEqualTo(409);
        assertThat(api.postEntry("0.0.0.0/0", false).status()).isEqualTo(400);
        assertThat(api.postEntry("10.0.0.1", false).status()).isEqualTo(400);
        assertThat(api.deleteEntry(id).status()).isEqualTo(204);
        assertThat(client.awaitBlocked(ALLOWED, PATIENCE)).isPresent();
        assertThat(client.reachable(LOCKED)).isTrue();

        long revision = api.allowlist().revision();
        assertThat(api.allowlist().cidrs()).containsExactly(LOCKED + "/32");
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> gateway.appliedRevision() == revision)).isPresent();
    }
}
