package io.egressgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** db_ssl_mode and db_ssl_ca, as read from the YAML file and handed to Connector/J. */
class DatabaseTlsTest {

    @TempDir
    Path dir;

    private ServerConfig read(String yaml) throws Exception {
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, "db_user: u\ndb_password: p\ndb_server: db.example\ndb_port: 3306\ndb_name: eg\n" + yaml);
        return ServerConfig.read(file);
    }

    @Test
    void withoutTheKeysTlsIsPreferredAsBefore() throws Exception {
        assertThat(DatabaseTls.from(read("")).urlParameters()).isEqualTo("&sslMode=PREFERRED");
    }

    @Test
    void eachModeReachesConnectorJ() throws Exception {
        for (DatabaseTls.Mode mode : DatabaseTls.Mode.values()) {
            assertThat(DatabaseTls.from(read("db_ssl_mode: " + mode.name().toLowerCase() + "\n")).urlParameters())
                    .isEqualTo("&sslMode=" + mode);
        }
        DatabaseTarget.Mysql mysql = (DatabaseTarget.Mysql) DatabaseTarget.from(read("db_ssl_mode: VERIFY_IDENTITY\n"), dir);
        assertThat(mysql.jdbcUrl()).contains("sslMode=VERIFY_IDENTITY").doesNotContain("sslMode=PREFERRED");
        assertThat(mysql.describe()).contains("TLS VERIFY_IDENTITY");
    }

    @Test
    void anUnknownModeIsOneClearErrorAtReading() {
        assertThatThrownBy(() -> read("db_ssl_mode: VERIFY\n")).isInstanceOf(ConfigException.class)
                .hasMessage("db_ssl_mode must be one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY, not 'VERIFY'");
    }

    @Test
    void aMissingCaFileIsAnError() {
        assertThatThrownBy(() -> read("db_ssl_mode: VERIFY_CA\ndb_ssl_ca: " + dir.resolve("nope.pem") + "\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("db_ssl_ca").hasMessageContaining("nope.pem");
    }

    @Test
    void aCaFileThatIsNoCertificateIsAnError() throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        ServerConfig config = read("db_ssl_mode: VERIFY_CA\ndb_ssl_ca: " + pem + "\n");
        assertThatThrownBy(() -> DatabaseTls.from(config).urlParameters()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read db_ssl_ca " + pem);
    }

    @Test
    void aCaWithTlsDisabledIsAContradiction() throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "x");
        assertThatThrownBy(() -> read("db_ssl_mode: DISABLED\ndb_ssl_ca: " + pem + "\n"))
                .isInstanceOf(ConfigException.class).hasMessage("db_ssl_ca is set but db_ssl_mode is DISABLED");
    }
}
