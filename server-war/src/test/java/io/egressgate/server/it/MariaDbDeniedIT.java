package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import io.egressgate.protocol.Hello;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Blocked traffic on MariaDB, on a server and database of its own (denied_retention of two minutes):
 * the ON DUPLICATE KEY UPDATE upsert adds a repeated report to its row, and the retention job
 * deletes minutes older than the retention while newer ones stay.
 */
class MariaDbDeniedIT extends DeniedContract {

    private static final String DATABASE = "denied_server_it";
    private static RunningServer server;

    @Override
    synchronized RunningServer server() throws Exception {
        if (server == null) {
            Path config = Servers.mariadbConfig(DATABASE);
            Files.writeString(config, "denied_retention: 2m\n", StandardOpenOption.APPEND);
            server = new RunningServer("denied-mariadb", config);
            server.start();
        }
        return server;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theRetentionDeletesOldMinutesAndKeepsNewOnes() throws Exception {
        String destination = freshDestination();
        String id = "gw-" + UUID.randomUUID();
        double tooOld = metric("egressgate_denied_records_refused_total", "reason=\"too_old\"");
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            hello(gateway, id, "host-" + id, Hello.ENFORCE);
            long now = now();
            gateway.send(new Denied(List.of(
                    new DeniedRecord("10.50.0.1", destination, "tcp", 443, null, now - 100, now - 100, 1, false),
                    new DeniedRecord("10.50.0.2", destination, "tcp", 443, null, now - 1000, now - 1000, 1, false)), 0));
            awaitRows("destination=" + destination + "&since=1h", 1);
            assertThat(metric("egressgate_denied_records_refused_total", "reason=\"too_old\""))
                    .as("older than the retention when it arrived").isEqualTo(tooOld + 1);
            // a fresh minute, reported after the old one is pruned, stays
            long deadline = System.nanoTime() + 200_000_000_000L; // the pruning runs once a minute
            while (rows("destination=" + destination + "&since=1h&source=10.50.0.1").size() == 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(2000);
            }
            assertThat(rows("destination=" + destination + "&since=1h&source=10.50.0.1"))
                    .as("the minute older than denied_retention is deleted within 200 s").isEmpty();
            now = now();
            gateway.send(new Denied(List.of(
                    new DeniedRecord("10.50.0.3", destination, "tcp", 443, null, now, now, 1, false)), 0));
            awaitRows("destination=" + destination + "&since=1h", 1);
        }
        try (Connection db = DriverManager.getConnection("jdbc:mysql://" + Servers.MARIADB_HOST + ":3306/" + DATABASE
                + "?user=root"); Statement s = db.createStatement();
             ResultSet oldest = s.executeQuery("SELECT MIN(minute_at) FROM eg_denied")) {
            oldest.next();
            assertThat(oldest.getLong(1)).as("no row older than the retention and a minute")
                    .isGreaterThan(System.currentTimeMillis() - 4 * 60_000);
        }
    }
}
