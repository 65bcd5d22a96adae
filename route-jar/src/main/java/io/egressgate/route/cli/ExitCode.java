package io.egressgate.route.cli;

/** Exit codes, stable so that systemd (RestartPreventExitStatus) and scripts can tell them apart. */
final class ExitCode {

    static final int OK = 0;
    /** The routes could not be read, installed or removed completely. */
    static final int FAILED = 1;
    /** A flag is missing or wrong. */
    static final int USAGE = 2;
    /** The safety check refused the gateway; nothing was changed. */
    static final int REFUSED = 3;

    private ExitCode() {
    }
}
