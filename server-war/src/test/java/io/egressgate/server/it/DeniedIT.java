package io.egressgate.server.it;

/** Blocked traffic on the embedded H2: the V7 table and its MERGE upsert. */
class DeniedIT extends DeniedContract {
    @Override
    RunningServer server() throws Exception {
        return Servers.h2();
    }
}
