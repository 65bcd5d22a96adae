package io.egressgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
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
        assertThat(properties.getProperty("java.util.logging.ConsoleHandler.filter"))
                .isEqualTo(PayaraLogFilter.class.getName());
        assertThat(properties.getProperty(PayaraLogFilter.LEVEL_PROPERTY)).isEqualTo("WARNING");
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

    @Test
    void theFilterHoldsBackPayarasInfoEvenFromALoggerThatSetItsOwnLevelButNeverTheServersLines() {
        PayaraLogFilter filter = new PayaraLogFilter(); // no level configured here: WARNING
        assertThat(filter.isLoggable(record(Level.INFO, "jakarta.enterprise.web"))).isFalse();
        assertThat(filter.isLoggable(record(Level.WARNING, "jakarta.enterprise.web"))).isTrue();
        assertThat(filter.isLoggable(record(Level.INFO, "io.egressgate.server.security.AdminBootstrap"))).isTrue();
        assertThat(filter.isLoggable(record(Level.INFO, null))).isFalse();
    }

    private static LogRecord record(Level level, String logger) {
        LogRecord record = new LogRecord(level, "message");
        record.setLoggerName(logger);
        return record;
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
