package io.egressgate.server.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * How much of Payara's own log the server prints ({@code -log-level}). The server's own lines
 * (io.egressgate) stay at INFO or below whatever is chosen: they are few and they are the ones an
 * operator acts on.
 */
enum LogLevel {
    SEVERE(Level.SEVERE), WARNING(Level.WARNING), INFO(Level.INFO), CONFIG(Level.CONFIG), FINE(Level.FINE),
    FINER(Level.FINER), FINEST(Level.FINEST);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    /** Whether Payara's informational start-up lines are left out. */
    boolean quiet() {
        return level.intValue() > Level.INFO.intValue();
    }

    /** Payara Micro's logging.properties for this level, written into its runtime directory. */
    Path writeProperties(Path runtimeDir) {
        Level own = level.intValue() < Level.INFO.intValue() ? level : Level.INFO;
        String properties = String.join("\n",
                "handlers=java.util.logging.ConsoleHandler",
                "java.util.logging.ConsoleHandler.formatter=com.sun.enterprise.server.logging.ODLLogFormatter",
                // colours are for a person at a terminal, not for a journal or a file
                "com.sun.enterprise.server.logging.ODLLogFormatter.ansiColor=" + (System.console() != null),
                "java.util.logging.ConsoleHandler.level=" + own.getName(),
                "java.util.logging.ConsoleHandler.filter=" + PayaraLogFilter.class.getName(),
                PayaraLogFilter.LEVEL_PROPERTY + "=" + level.getName(),
                ".level=" + level.getName(),
                // Payara's bundled trust store holds expired roots and warns about each on every start
                "javax.enterprise.system.security.ssl.level=" + (level.intValue() < Level.INFO.intValue()
                        ? level : Level.SEVERE).getName(),
                "io.egressgate.level=" + own.getName(),
                "");
        Path file = runtimeDir.resolve("logging.properties");
        try {
            Files.writeString(file, properties);
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }
}
