package io.egressgate.server.it;

/** The same API on MariaDB through mysql-connector-j. */
class MariaDbApiIT extends ApiContract {
    @Override
    RunningServer server() throws Exception {
        return Servers.mariadb();
    }
}
