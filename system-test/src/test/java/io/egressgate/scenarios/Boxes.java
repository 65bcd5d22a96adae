package io.egressgate.scenarios;

import io.egressgate.deployment.Deployment;
import io.egressgate.deployment.GatewayProcess;
import io.egressgate.deployment.ServerApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** How the scenario classes set up their box, and checks they share. */
final class Boxes {

    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789";
    /** Short resolver settings so that a DNS change and its grace period fit into seconds. */
    static final Deployment.Resolver RESOLVER = new Deployment.Resolver(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(1));

    private Boxes() {
    }

    static Deployment.Settings settings(String name, List<String> databaseYaml, Path workDir) {
        return settings(name, databaseYaml, workDir, 1);
    }

    /** With {@code instances} servers on one database in one data grid. */
    static Deployment.Settings settings(String name, List<String> databaseYaml, Path workDir, int instances) {
        return new Deployment.Settings(name, databaseYaml, RESOLVER, ADMIN_TOKEN, 0, workDir, logDir(name), instances);
    }

    /** target/system-logs/NAME, emptied first: one file per program of the box. */
    static Path logDir(String name) {
        Path dir = Path.of("target", "system-logs", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** True once the gateway says it is connected and has applied the server's current revision. */
    static boolean inSync(GatewayProcess gateway, ServerApi api) {
        return gateway.connected() && gateway.appliedRevision() == api.allowlist().revision();
    }

    static String hostCidr(String address) {
        return address + "/32";
    }
}
