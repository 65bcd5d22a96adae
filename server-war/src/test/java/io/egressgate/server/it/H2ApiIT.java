package io.egressgate.server.it;

/** The API on the embedded H2 default. */
class H2ApiIT extends ApiContract {
    @Override
    RunningServer server() throws Exception {
        return Servers.h2();
    }
}
