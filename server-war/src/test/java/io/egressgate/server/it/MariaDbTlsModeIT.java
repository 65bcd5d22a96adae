package io.egressgate.server.it;

import static io.egressgate.server.it.LauncherIT.assertOneClearLine;
import static io.egressgate.server.it.LauncherIT.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * db_ssl_mode against the local MariaDB, which offers no TLS (the test checks that first): the
 * modes that do not insist on TLS connect, those that do stop the start with one clear line.
 */
class MariaDbTlsModeIT {

    private static final String DATABASE = "egressgate_it_tls_mode";

    @BeforeAll
    static void theDatabaseOffersNoTls() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + Servers.MARIADB_HOST + ":3306/?user=root");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW VARIABLES LIKE 'have_ssl'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(2)).as("this test needs a MariaDB without TLS").isNotEqualTo("YES");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DISABLED", "PREFERRED"})
    void aModeThatDoesNotInsistOnTlsConnectsAndServes(String mode) throws Exception {
        Path config = Servers.mariadbConfig(DATABASE);
        Files.writeString(config, Files.readString(config) + "db_ssl_mode: " + mode + "\n");
        try (RunningServer server = new RunningServer("tls-mode-" + mode, config).start()) {
            assertThat(server.api().get("/api/v1/allowlist").status()).isEqualTo(200);
            assertThat(server.log()).contains("(TLS " + mode + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"})
    void aModeThatInsistsOnTlsStopsTheStartWithOneLine(String mode) throws Exception {
        Path config = Servers.mariadbConfig(DATABASE);
        Files.writeString(config, Files.readString(config) + "db_ssl_mode: " + mode + "\n");
        LauncherIT.Outcome outcome = run("-server-conf-path", config.toString(),
                "-data-dir", Files.createTempDirectory("egress-gate-tls-mode").toString());
        assertOneClearLine(outcome, "cannot use MySQL database " + DATABASE + " at " + Servers.MARIADB_HOST + ":3306 as root (TLS " + mode + ")");
    }

    @Test
    void anUnknownModeIsOneLineNamingTheAllowedOnes() throws Exception {
        Path config = Servers.mariadbConfig(DATABASE);
        Files.writeString(config, Files.readString(config) + "db_ssl_mode: VERIFY_FULL\n");
        assertOneClearLine(run("-server-conf-path", config.toString()),
                "db_ssl_mode must be one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY, not 'VERIFY_FULL'");
    }
}
