package io.egressgate.server.bench;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.server.entries.EntryValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * Fills an empty database with IP entries directly, much faster than the API (one request per
 * entry). The schema comes from the server's own Flyway migrations; the rows are what the server
 * writes itself for adds: the entry, its address, and the change log — here one revision holding
 * every add — with the state row and the entry id counter moved past them, so the server carries on
 * from there as if it had made the entries. The values are canonicalised by the server's own
 * {@link EntryValue}: IPv4 hosts of the three documentation networks, then IPv6 hosts of 2001:db8::/32.
 */
final class Seeder {

    private static final int BATCH = 5_000;
    private static final String[] DOCUMENTATION_V4 = {"192.0.2.", "198.51.100.", "203.0.113."};

    private Seeder() {
    }

    record Seeded(String epoch, long revision, int entries, double seconds) {
    }

    static Seeded seed(String jdbcUrl, String user, String password, int count) throws SQLException {
        long started = System.nanoTime();
        Flyway.configure(Seeder.class.getClassLoader()).dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration").load().migrate();
        String epoch = UUID.randomUUID().toString();
        long revision = 1;
        long now = System.currentTimeMillis();
        AllowlistPolicy policy = AllowlistPolicy.defaults();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO eg_allowlist_state (id, epoch, revision) VALUES (1, '" + epoch
                        + "', " + revision + ")");
                statement.executeUpdate("INSERT INTO eg_revision (revision, created_at, cause) VALUES (" + revision
                        + ", " + now + ", 'bench seed: " + count + " entries')");
            }
            try (PreparedStatement entry = connection.prepareStatement("INSERT INTO eg_entry (id, entry_value, kind, "
                    + "locked, note, created_at, created_by) VALUES (?, ?, 'IP', FALSE, 'bench seed', ?, 'bench')");
                 PreparedStatement address = connection.prepareStatement("INSERT INTO eg_address (cidr, entry_id, "
                         + "first_seen, last_seen, expires_at) VALUES (?, ?, ?, ?, NULL)");
                 PreparedStatement change = connection.prepareStatement(
                         "INSERT INTO eg_change (revision, cidr, op) VALUES (?, ?, 'A')")) {
                for (int i = 0; i < count; i++) {
                    EntryValue value = EntryValue.parse(address(i), policy);
                    String cidr = value.allowlistCidr().orElseThrow();
                    long id = i + 1L;
                    entry.setLong(1, id);
                    entry.setString(2, value.canonical());
                    entry.setLong(3, now);
                    entry.addBatch();
                    address.setString(1, cidr);
                    address.setLong(2, id);
                    address.setLong(3, now);
                    address.setLong(4, now);
                    address.addBatch();
                    change.setLong(1, revision);
                    change.setString(2, cidr);
                    change.addBatch();
                    if ((i + 1) % BATCH == 0 || i == count - 1) {
                        entry.executeBatch();
                        address.executeBatch();
                        change.executeBatch();
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                // the server's id generator allocates blocks above next_value
                statement.executeUpdate("UPDATE eg_id SET next_value = " + count + " WHERE name = 'entry'");
            }
            connection.commit();
        }
        return new Seeded(epoch, revision, count, (System.nanoTime() - started) / 1e9);
    }

    /** The i-th seeded address, as an operator would type it. */
    static String address(int i) {
        int v4 = DOCUMENTATION_V4.length * 254;
        if (i < v4) {
            return DOCUMENTATION_V4[i / 254] + (i % 254 + 1);
        }
        int n = i - v4;
        return "2001:db8:100::" + Integer.toHexString(n >>> 16) + ":" + Integer.toHexString(n & 0xffff);
    }
}
