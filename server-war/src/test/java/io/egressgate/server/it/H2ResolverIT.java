package io.egressgate.server.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The resolver on the embedded H2 default. */
class H2ResolverIT extends ResolverContract {
    @Override
    Path databaseConfig() throws Exception {
        return Files.createTempFile("egress-gate-it-resolver", ".yaml");
    }

    @Override
    String serverName() {
        return "resolver-h2";
    }
}
