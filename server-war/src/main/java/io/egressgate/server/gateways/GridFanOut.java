package io.egressgate.server.gateways;

import io.egressgate.server.allowlist.RevisionCommitted;
import io.egressgate.server.grid.DataGrid;
import io.egressgate.server.security.TokenStore;
import io.egressgate.server.security.TokenStore.TokenRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * What one instance's commits mean for the gateways connected to the others. A revision: each hub
 * reads the change log itself, so the order gateways see comes from the database, not from the
 * grid, and a lost message costs no more than the hub's next look at the database's revision. A
 * revoked token: its connections close and its cached check is dropped on every instance.
 */
@ApplicationScoped
class GridFanOut {

    static final String REVISIONS = "egressgate.revisions";
    static final String REVOKED_TOKENS = "egressgate.revoked-tokens";

    @Inject
    DataGrid grid;

    @Inject
    GatewayHub hub;

    @Inject
    TokenStore tokens;

    /** Grid threads deliver these; both receivers only queue work or drop cache entries. */
    void listen(@Observes @Initialized(ApplicationScoped.class) Object started) {
        grid.subscribe(REVISIONS, revision -> hub.committed(new RevisionCommitted(revision)));
        grid.subscribe(REVOKED_TOKENS, tokenId -> {
            tokens.forget(tokenId);
            hub.revoked(new TokenRevoked(tokenId));
        });
    }

    void announce(@Observes(during = TransactionPhase.AFTER_SUCCESS) RevisionCommitted event) {
        grid.publish(REVISIONS, event.revision());
    }

    void announce(@Observes(during = TransactionPhase.AFTER_SUCCESS) TokenRevoked event) {
        grid.publish(REVOKED_TOKENS, event.tokenId());
    }
}
