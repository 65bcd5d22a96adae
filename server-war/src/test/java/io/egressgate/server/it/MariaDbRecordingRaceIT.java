package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonString;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The resolver's recording against a change committed while it waits for the allowlist lock, on
 * MariaDB (REPEATABLE READ: a transaction's first plain read fixes what all its later plain reads
 * see). The interleaving is driven step by step: this test holds the state-row lock, waits until
 * the server's recorder is blocked on it, commits another entry's row for the address whose grace
 * period has ended, and only then lets the recorder go. If the recorder had read anything before
 * taking the lock, its diff would not see that row and would publish a {@code remove} for an
 * address that is still allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbRecordingRaceIT {

    private static final String DATABASE = "egressgate_it_race";
    private static final String URL = "jdbc:mysql://" + Servers.MARIADB_HOST + ":3306/" + DATABASE + "?user=root";
    private static final String ADDRESS = "203.0.113.77";

    RunningServer server;

    @BeforeAll
    void boot() throws Exception {
        server = new RunningServer("recording-race-mariadb", Servers.mariadbConfig(DATABASE));
        server.start();
    }

    @AfterAll
    void shutdown() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void anAddressAddedWhileTheRecorderWaitsForTheLockIsNotPublishedAsRemoved() throws Exception {
        try (Connection holder = DriverManager.getConnection(URL); Connection other = DriverManager.getConnection(URL)) {
            holder.setAutoCommit(false);
            long before;
            try (Statement lock = holder.createStatement();
                 ResultSet state = lock.executeQuery("SELECT revision FROM eg_allowlist_state WHERE id = 1 FOR UPDATE")) {
                assertThat(state.next()).isTrue();
                before = state.getLong(1);
            }
            // An address whose grace period has ended: the resolver's next tick removes it. The row
            // hangs off a non-domain entry so that no DNS lookup joins that tick.
            try (Statement s = other.createStatement()) {
                s.execute("INSERT INTO eg_entry (id, entry_value, kind, locked, note, created_at, created_by) "
                        + "VALUES (900001, '192.0.2.201', 'IP', FALSE, 'race: retiring', 0, 'test')");
                s.execute("INSERT INTO eg_address (cidr, entry_id, first_seen, last_seen, expires_at) "
                        + "VALUES ('" + ADDRESS + "', 900001, 0, 0, 1)");
            }
            awaitRecorderBlocked();

            // What an operator's add of the same address does under the lock: a second row, no change
            // to the effective set (the address is in it), so nothing in the change log.
            try (Statement s = holder.createStatement()) {
                s.execute("INSERT INTO eg_entry (id, entry_value, kind, locked, note, created_at, created_by) "
                        + "VALUES (900002, '" + ADDRESS + "', 'IP', FALSE, 'race: added', 0, 'test')");
                s.execute("INSERT INTO eg_address (cidr, entry_id, first_seen, last_seen, expires_at) "
                        + "VALUES ('" + ADDRESS + "', 900002, 1, 1, NULL)");
            }
            holder.commit();

            awaitExpiredRowGone(other);
            assertThat(changesSince(other, before)).as("change log after the recorder ran").doesNotContain("R " + ADDRESS);
            assertThat(server.api().get("/api/v1/allowlist").json().getJsonArray("cidrs")
                    .getValuesAs(JsonString.class).stream().map(JsonString::getString)).contains(ADDRESS);
        }
    }

    /**
     * The latch: another session (the recorder's; nobody else writes) waits for the allowlist
     * state row, as MariaDB's process list shows.
     */
    private static void awaitRecorderBlocked() throws Exception {
        String waiting = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                + " AND INFO LIKE '%FROM eg_allowlist_state%FOR UPDATE%'";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(URL); Statement s = connection.createStatement();
                 ResultSet rows = s.executeQuery(waiting)) {
                rows.next();
                if (rows.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server's recorder never waited for the allowlist lock within 30 s");
    }

    private static void awaitExpiredRowGone(Connection connection) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Statement s = connection.createStatement();
                 ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM eg_address WHERE entry_id = 900001")) {
                rows.next();
                if (rows.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the recorder never removed the expired row within 30 s");
    }

    private static List<String> changesSince(Connection connection, long revision) throws SQLException {
        List<String> changes = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery("SELECT op, cidr FROM eg_change WHERE revision > " + revision + " ORDER BY revision")) {
            while (rows.next()) {
                changes.add(rows.getString(1).trim() + " " + rows.getString(2));
            }
        }
        return changes;
    }
}
