package io.egressgate.server.launcher;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * Lets through Payara's log from the chosen level up and every line of the server's own. Some of
 * Payara's loggers set their own level once they start, whatever logging.properties says; the
 * console handler's filter is the one place they all pass. Loaded by the JDK's LogManager from the
 * system class path (the launcher's), so it is public and reads its level from logging.properties.
 */
public final class PayaraLogFilter implements Filter {

    static final String LEVEL_PROPERTY = PayaraLogFilter.class.getName() + ".level";
    private static final String OWN = "io.egressgate.";

    private final int threshold;

    public PayaraLogFilter() {
        String level = LogManager.getLogManager().getProperty(LEVEL_PROPERTY);
        threshold = (level == null ? Level.WARNING : Level.parse(level)).intValue();
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        return record.getLevel().intValue() >= threshold || logger != null && logger.startsWith(OWN);
    }
}
