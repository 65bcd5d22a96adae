package io.egressgate.server.schema;

import io.egressgate.failures.Causes;
import io.egressgate.server.startup.StartupFailure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema to the newest version (H2 or MySQL, same migrations) and makes the epoch on
 * first start. Other start-up beans depend on this one.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/egressgate")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        try {
            var result = Flyway.configure(SchemaMigration.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            LOG.info(() -> "database schema at version " + result.targetSchemaVersion
                    + " (" + result.migrationsExecuted + " migration(s) applied now)");
            createEpochOnce();
        } catch (RuntimeException | SQLException e) {
            String reason = "database schema migration failed: " + Causes.firstLine(Causes.root(e));
            StartupFailure.report(reason);
            throw new IllegalStateException(reason, e);
        }
    }

    private void createEpochOnce() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.getMetaData().getDatabaseProductName().toLowerCase().contains("h2")) {
                try (Statement statement = connection.createStatement()) {
                    // Persistent in the database file: every commit is on disk before the API answers.
                    statement.execute("SET WRITE_DELAY 0");
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO eg_allowlist_state (id, epoch, revision) SELECT 1, ?, 0 FROM eg_id "
                            + "WHERE name = 'entry' AND NOT EXISTS (SELECT 1 FROM eg_allowlist_state WHERE id = 1)")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.executeUpdate();
            }
        }
    }
}
