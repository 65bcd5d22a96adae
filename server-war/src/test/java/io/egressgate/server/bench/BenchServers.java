package io.egressgate.server.bench;

import io.egressgate.server.it.RunningServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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

    /** Stops the server when the JVM ends and removes its data directory (a bench H2 file grows to ~350 MB). */
    static RunningServer stoppedAtExit(RunningServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
                removeDataDir(server);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return server;
    }

    static void removeDataDir(RunningServer server) {
        try (Stream<Path> paths = Files.walk(server.dataDir())) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover in /tmp is no reason to fail a benchmark
        }
    }
}
