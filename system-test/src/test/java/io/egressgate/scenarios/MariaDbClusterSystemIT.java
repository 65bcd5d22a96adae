package io.egressgate.scenarios;

import io.egressgate.deployment.ClientProbe;
import io.egressgate.deployment.Deployment;
import io.egressgate.deployment.Eventually;
import io.egressgate.deployment.GatewayProcess;
import io.egressgate.deployment.ServerApi;
import io.egressgate.deployment.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real servers on one MariaDB database, joined by the data grid, and the real gateway jar
 * listing both: {@code kill -9} of the instance the gateway is connected to (also the grid's
 * leader) leaves the client's allowed host reachable and the others blocked through the failover,
 * and a change made on the survivor reaches the client through the same gateway.
 */
class MariaDbClusterSystemIT {

    static final String DATABASE = "egressgate_e2e_cluster";
    static final String ALLOWED = "203.0.113.10";
    static final String ADDED_AFTER = "198.51.100.20";
    static final String NEVER = "198.51.100.12";
    /** Bounds, not targets: the gateway's backoff is at most 2 s, the grid drops a killed member at once. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static final Figures figures = new Figures("cluster");

    @TempDir
    static Path work;

    static boolean databaseCreated;
    static Deployment box;

    @BeforeAll
    static void buildTheBox() {
        Requirements.tools(Requirements.TOOLS);
        MariaDb.freshDatabase(DATABASE);
        databaseCreated = true;
        box = Deployment.start(Boxes.settings("cluster", MariaDb.yaml(DATABASE), work, 2));
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
        figures.print("two servers on MariaDB in one data grid; gateway flags " + GatewayProcess.timingFlags());
    }

    @Test
    void killingTheGatewaysInstanceLeavesTheGateClosedAndTheSurvivorCarriesOn() throws Exception {
        ServerProcess first = box.servers().get(0);
        ServerProcess second = box.servers().get(1);
        GatewayProcess gateway = box.gateway(1);
        ClientProbe client = box.client(1);
        ServerApi survivor = second.api();

        first.api().addEntry(ALLOWED, false);
        assertThat(client.awaitReachable(ALLOWED, PATIENCE)).as("an entry made on the first instance").isPresent();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(200),
                () -> connectedOn(survivor, gateway.hostname()))).as("the second instance lists the gateway").isPresent();

        assertThat(connectionsOn(first)).as("the gateway is connected to the first server it lists").isEqualTo(1.0);
        assertThat(connectionsOn(second)).isEqualTo(0.0);

        // probe the whole failover: the allowed host stays reachable, the others stay blocked
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger allowedLost = new AtomicInteger();
        AtomicInteger neverPassed = new AtomicInteger();
        Thread probe = new Thread(() -> {
            for (int i = 0; i < 300 && failing.get(); i++) {
                probes.incrementAndGet();
                if (!client.reachable(ALLOWED)) {
                    allowedLost.incrementAndGet();
                }
                if (client.reachable(NEVER)) {
                    neverPassed.incrementAndGet();
                }
            }
        }, "failover-probe");

        long killed = System.nanoTime();
        probe.start();
        first.kill();
        long id = Eventually.poll(PATIENCE, Duration.ofMillis(200), () -> {
            try {
                return java.util.Optional.of(survivor.addEntry(ADDED_AFTER, false));
            } catch (RuntimeException notYet) {
                return java.util.Optional.empty(); // the survivor's database connections may need a moment
            }
        }).orElseThrow(() -> new AssertionError("the survivor did not take a new entry"));
        assertThat(client.awaitReachable(ADDED_AFTER, PATIENCE)).as("an entry made on the survivor after the kill")
                .isPresent();
        figures.record("kill -9 of the gateway's instance -> change on the survivor reachable",
                Duration.ofNanos(System.nanoTime() - killed));
        failing.set(false);
        probe.join(30_000);

        assertThat(probes.get()).as("probes ran during the failover").isPositive();
        assertThat(allowedLost.get()).as("the allowed host was never blocked").isZero();
        assertThat(neverPassed.get()).as("a host never allowed was never reachable").isZero();
        assertThat(gateway.connected()).isTrue();
        assertThat(connectionsOn(second)).as("now connected to the survivor").isEqualTo(1.0);
        long revision = survivor.allowlist().revision();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(200), () -> gateway.appliedRevision() == revision))
                .isPresent();
        assertThat(survivor.entry(id).getString("value")).isEqualTo(ADDED_AFTER);
    }

    /** The gateway connections of this one instance, as its own /metrics counts them. */
    private static double connectionsOn(ServerProcess server) {
        return server.api().metrics().value("egressgate_gateways_connected").orElse(-1.0);
    }

    private static boolean connectedOn(ServerApi api, String hostname) {
        try {
            return api.gateways().stream().map(v -> v.asJsonObject())
                    .anyMatch(g -> g.getString("hostname").equals(hostname) && g.getBoolean("connected"));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
