package io.egressgate.gateway.sync;

import io.egressgate.gateway.allowlist.AppliedAllowlist;

import java.time.Duration;

/** Told about what the sync does, for metrics and logs. */
public interface SyncListener {

    /** {@code fromServer} is false when the saved state is enforced at start. */
    default void applied(AppliedAllowlist state, Duration took, boolean fromServer) {
    }

    default void connected(String server) {
    }

    default void disconnected(String server, String why) {
    }

    SyncListener NONE = new SyncListener() {
    };
}
