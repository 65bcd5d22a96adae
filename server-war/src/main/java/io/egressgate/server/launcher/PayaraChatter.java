package io.egressgate.server.launcher;

import java.io.PrintStream;

/**
 * Standard output without the debugging line Payara's JDBC runtime prints there itself, past its log
 * levels, once the application is deployed: a quiet start shows only what the operator needs.
 */
final class PayaraChatter extends PrintStream {

    private static final String CHATTER = "JdbcRuntimeExtension,";

    private PayaraChatter(PrintStream out) {
        super(out, true);
    }

    static PrintStream leftOut(PrintStream out) {
        return new PayaraChatter(out);
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith(CHATTER)) {
            super.println(line);
        }
    }

    @Override
    public void println(Object value) {
        println(String.valueOf(value));
    }
}
