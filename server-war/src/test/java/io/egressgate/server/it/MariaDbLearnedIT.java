package io.egressgate.server.it;

/** Learned addresses on MariaDB: the V6 table, the unions of the effective set and the expiry job. */
class MariaDbLearnedIT extends GatewayLearnedIT {
    @Override
    RunningServer server() throws Exception {
        return Servers.mariadb();
    }
}
