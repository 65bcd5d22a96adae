package io.egressgate.server.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database made by the first released schema is upgraded in place by the newest server, with
 * its data kept — on H2 and on MariaDB, from the same migration files.
 */
class SchemaUpgradeTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mariadb"})
    void theFirstSchemaUpgradesInPlaceKeepingItsData(String database) throws Exception {
        String name = "egressgate_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        String url = database.equals("h2") ? "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1"
                : "jdbc:mysql://127.0.0.1:3306/" + name + "?user=root&createDatabaseIfNotExist=true";
        try {
            Flyway.configure().dataSource(url, database.equals("h2") ? "sa" : "root", "")
                    .locations("classpath:db/migration").target(MigrationVersion.fromVersion("1")).load().migrate();
            try (Connection connection = connect(url, database); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO eg_allowlist_state (id, epoch, revision) VALUES (1, 'e', 7)");
                statement.execute("INSERT INTO eg_entry (id, entry_value, kind, locked, note, created_at, created_by) "
                        + "VALUES (1, 'example.com', 'DOMAIN', TRUE, 'kept', 0, 'test')");
            }

            var result = Flyway.configure().dataSource(url, database.equals("h2") ? "sa" : "root", "")
                    .locations("classpath:db/migration").load().migrate();

            assertThat(result.success).isTrue();
            try (Connection connection = connect(url, database); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT e.entry_value, e.locked, s.revision, s.log_floor "
                         + "FROM eg_entry e, eg_allowlist_state s")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("example.com");
                assertThat(rows.getBoolean(2)).isTrue();
                // version 5 moves on one revision past the log floor: every gateway gets one snapshot, with the names
                assertThat(rows.getLong(3)).isEqualTo(8);
                assertThat(rows.getLong(4)).isEqualTo(8);
            }
        } finally {
            if (database.equals("mariadb")) {
                try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/?user=root");
                     Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + name);
                }
            }
        }
    }

    private static Connection connect(String url, String database) throws Exception {
        return DriverManager.getConnection(url, database.equals("h2") ? "sa" : "root", "");
    }
}
