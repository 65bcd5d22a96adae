package io.egressgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -log-level sets Payara's levels; the server's own lines stay at INFO or below, whatever is chosen. */
class LogLevelTest {

    @TempDir
    Path runtime;

    @Test
    void byDefaultPayaraSaysOnlyWarningsAndTheServerItsOwnInfo() throws IOException {
        Properties properties = read(LogLevel.WARNING.writeProperties(runtime));
        assertThat(properties.getProperty(".level")).isEqualTo("WARNING");
        assertThat(properties.getProperty("jakarta.enterprise.web.level")).isEqualTo("WARNING");
        assertThat(properties.getProperty("javax.enterprise.system.security.ssl.level")).isEqualTo("SEVERE");
        assertThat(properties.getProperty("io.egressgate.level")).isEqualTo("INFO");
        assertThat(properties.getProperty("java.util.logging.ConsoleHandler.level")).isEqualTo("INFO");
        assertThat(LogLevel.WARNING.quiet()).isTrue();
        assertThat(LogLevel.SEVERE.quiet()).isTrue();
    }

    @Test
    void moreDetailReachesEveryLoggerAndTheHandler() throws IOException {
        Properties properties = read(LogLevel.FINE.writeProperties(runtime));
        assertThat(properties.getProperty(".level")).isEqualTo("FINE");
        assertThat(properties.getProperty("javax.enterprise.system.security.ssl.level")).isEqualTo("FINE");
        assertThat(properties.getProperty("io.egressgate.level")).isEqualTo("FINE");
        assertThat(properties.getProperty("java.util.logging.ConsoleHandler.level")).isEqualTo("FINE");
        assertThat(LogLevel.INFO.quiet()).isFalse();
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
