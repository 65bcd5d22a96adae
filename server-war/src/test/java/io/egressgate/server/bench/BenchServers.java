package io.egressgate.server.bench;

import io.egressgate.server.it.RunningServer;

/**
 * One server on the embedded H2 (the default installation) shared by the propagation and REST API
 * benchmarks (run in that order, so the fleet gets small snapshots): a boot costs 20-60 s here. Stopped when the JVM ends.
 */
final class BenchServers {

    private static RunningServer h2;

    private BenchServers() {
    }

    static synchronized RunningServer h2() throws Exception {
        if (h2 == null) {
            h2 = stoppedAtExit(new RunningServer("bench-h2", null)).start();
        }
        return h2;
    }

    static RunningServer stoppedAtExit(RunningServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return server;
    }
}
