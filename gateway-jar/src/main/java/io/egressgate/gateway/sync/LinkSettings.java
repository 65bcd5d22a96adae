package io.egressgate.gateway.sync;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the gateway reaches the server: endpoints tried in turn, the bearer token file (read at each
 * connect, so a rotated token is picked up), TLS trust, and the timings of liveness, stats and backoff.
 */
public record LinkSettings(List<URI> servers, Path tokenFile, SSLContext ssl, Duration pingInterval,
                           Duration statsInterval, Backoff backoff, Duration handshakeTimeout) {

    public LinkSettings {
        servers = List.copyOf(servers);
    }
}
