package io.egressgate.server.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository around server-war: the deployment kit and the documentation site. */
public final class Repository {

    private Repository() {
    }

    public static Path root() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
    }

    public static Path deploy() {
        return root().resolve("deploy");
    }

    public static Path site() {
        return root().resolve("src/site");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
