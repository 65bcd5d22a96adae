package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * change_log_retention and audit_retention of one second, on H2: within the minute's pruning run
 * the revision and the audit record are gone, and a gateway still at the revision before gets a
 * snapshot (with the address) rather than a delta the pruned log can no longer give.
 */
class RetentionIT {

    private static final String ADDRESS = "198.51.100.77";

    @Test
    void prunedHistorySendsAGatewayBehindItASnapshot() throws Exception {
        Path config = Files.createTempFile("egress-gate-it-retention", ".yaml");
        Files.writeString(config, "change_log_retention: 1s\naudit_retention: 1s\n");
        RunningServer server = new RunningServer("retention-h2", config);
        try (server) {
            server.start();
            String token = server.api().createToken("retention gateway", "gateway");
            Snapshot before;
            try (TestGateway gateway = TestGateway.connect(server.gatewayUri(), token)) {
                before = GatewayChannelIT.helloSnapshot(gateway, "gw-" + UUID.randomUUID());
            }
            server.api().add(ADDRESS, false);

            Snapshot answer = null;
            long deadline = System.nanoTime() + 150_000_000_000L; // the pruning runs once a minute
            while (answer == null && System.nanoTime() < deadline) {
                try (TestGateway gateway = TestGateway.connect(server.gatewayUri(), token)) {
                    gateway.send(new Hello("gw-" + UUID.randomUUID(), "behind", "test", before.epoch(), before.revision()));
                    GatewayMessage reply = gateway.poll(10_000);
                    if (reply instanceof Snapshot snapshot) {
                        answer = snapshot;
                    }
                }
                if (answer == null) {
                    Thread.sleep(3000);
                }
            }
            assertThat(answer).as("a snapshot for the gateway behind the pruned log within 150 s").isNotNull();
            assertThat(answer.revision()).isGreaterThan(before.revision());
            assertThat(answer.cidrs().stream().map(c -> c.replace("/32", ""))).contains(ADDRESS);
            Thread.sleep(3000); // the audit's run, in the same second
        }
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + server.dataDir().resolve("egressgate"),
                "egressgate", "egressgate"); Statement s = db.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM eg_audit WHERE action = 'entry.add'")).isZero();
            assertThat(count(s, "SELECT COUNT(*) FROM eg_change WHERE cidr LIKE '" + ADDRESS + "%'")).isZero();
            assertThat(count(s, "SELECT log_floor FROM eg_allowlist_state")).isGreaterThan(0);
        }
    }

    @Test
    void aRetentionThatIsNoDurationStopsTheStart() throws Exception {
        try (RunningServer server = new RunningServer("retention-invalid", LauncherIT.yaml("audit_retention: 1y\n"))) {
            assertThatThrownBy(server::start).hasMessageContaining("exited with 1 during start");
            assertThat(server.log()).contains("egress-gate-server: the server did not start: "
                    + "audit_retention must be a positive duration such as 30d, 12h, 45m or 90s, not '1y'");
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
