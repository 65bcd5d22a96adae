package io.egressgate.server.it;

import java.nio.file.Path;

/** The resolver on MariaDB: the same SQL must mean the same there (MySQL evaluates SET left to right). */
class MariaDbResolverIT extends ResolverContract {
    @Override
    Path databaseConfig() throws Exception {
        return Servers.mariadbConfig("egressgate_it_resolver");
    }

    @Override
    String serverName() {
        return "resolver-mariadb";
    }
}
