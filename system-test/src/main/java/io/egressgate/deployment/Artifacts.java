package io.egressgate.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the built programs are: {@code <reactor root>/<module>/target/...}. The root comes from the
 * system property {@code egressgate.reactor.root} (failsafe sets it) or is found by walking up from
 * the working directory.
 */
public final class Artifacts {

    public static final String BUILD_COMMAND = "mvn -o -q -pl server-war,gateway-jar,route-jar package -DskipTests";

    private Artifacts() {
    }

    public static Path serverJar() {
        return artifact("server-war", "egress-gate-server.jar");
    }

    public static Path gatewayJar() {
        return artifact("gateway-jar", "egress-gate-gateway.jar");
    }

    public static Path routeJar() {
        return artifact("route-jar", "egress-gate-route.jar");
    }

    /** Fails with the command that builds them when any of the three is missing. */
    public static void requireBuilt() {
        for (Path jar : List.of(serverJar(), gatewayJar(), routeJar())) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing; build the artifacts first: " + BUILD_COMMAND);
            }
        }
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The classes of this module, for programs the box runs from them (the public web hosts). */
    public static String ownClasspath() {
        try {
            return Path.of(Artifacts.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path reactorRoot() {
        String configured = System.getProperty("egressgate.reactor.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("server-war")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the egress-gate reactor above " + Path.of("").toAbsolutePath()
                + "; run from the repository or set -Degressgate.reactor.root");
    }

    private static Path artifact(String module, String file) {
        return reactorRoot().resolve(module).resolve("target").resolve(file);
    }
}
