package io.egressgate.server.launcher;

/** A configuration problem the operator can fix; printed as one line, never as a stack trace. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    static int requirePort(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + " must be a port number between 1 and 65535, not '" + value + "'");
    }
}
