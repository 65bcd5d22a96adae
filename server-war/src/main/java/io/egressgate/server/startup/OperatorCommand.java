package io.egressgate.server.startup;

/**
 * A recovery command the launcher runs by starting the server once on a private port
 * ({@code reset-admin}, {@code reset-epoch}): the WAR does the work with its own code (hashing,
 * audit, schema migrations), says what it did, and the launcher stops it again. As with
 * {@link StartupFailure}, the two sides share only system properties, under names the launcher
 * holds its own copy of.
 */
public enum OperatorCommand {
    RESET_ADMIN("reset-admin"),
    RESET_EPOCH("reset-epoch");

    static final String PROPERTY = "egressgate.operator_command";
    static final String OUTCOME_PROPERTY = "egressgate.operator_command.outcome";

    private final String name;

    OperatorCommand(String name) {
        this.name = name;
    }

    /** Whether the launcher started this server only to run this command. */
    public boolean requested() {
        return name.equals(System.getProperty(PROPERTY));
    }

    /** What the command did, for the operator; never a secret. */
    public void done(String outcome) {
        System.setProperty(OUTCOME_PROPERTY, outcome);
    }

    /** The actor the audit log names. */
    public String actor() {
        return "operator command " + name;
    }
}
