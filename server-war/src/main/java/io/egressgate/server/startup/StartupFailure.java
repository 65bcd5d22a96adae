package io.egressgate.server.startup;

/**
 * Why the server did not start, told to the launcher in one line. The launcher (PayaraBoot, outside
 * the WAR) shares only the JVM's system properties with the WAR, so it reads the same property name
 * from its own copy of it.
 */
public final class StartupFailure {

    static final String PROPERTY = "egressgate.startup.failure";

    private StartupFailure() {
    }

    /** Records the reason; the caller then throws, so that the deployment fails. */
    public static void report(String reason) {
        System.setProperty(PROPERTY, reason);
    }
}
