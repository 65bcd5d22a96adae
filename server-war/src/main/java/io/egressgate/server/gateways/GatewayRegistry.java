package io.egressgate.server.gateways;

import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.security.Caller;
import io.egressgate.server.security.TokenStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** The stored side of gateways: who said hello, what they acked. */
@ApplicationScoped
public class GatewayRegistry {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    TokenStore tokens;

    @Inject
    AuditLog audit;

    /**
     * Registers a hello. A gateway id belongs to the token that first registered it, while that token
     * lives: another token presenting the id is refused (and audited), so one gateway token can never
     * speak for, or knock off, another gateway. Once the owner is revoked, a new token may take the id over.
     */
    @Transactional
    public boolean hello(String gatewayId, String hostname, String version, String mode, Caller caller, String epoch,
                         Long revision) {
        long now = System.currentTimeMillis();
        GatewayRecord record = em.find(GatewayRecord.class, gatewayId);
        if (record == null) {
            record = new GatewayRecord(gatewayId, now);
            em.persist(record);
        } else if (ownedByAnotherLiveToken(record, caller.tokenId())) {
            audit.record(caller.name(), "gateway.refused", "gateway " + gatewayId,
                    "the id belongs to token " + record.tokenId());
            return false;
        }
        record.hello(hostname, version, mode, caller.tokenId(), epoch, revision, now);
        return true;
    }

    private boolean ownedByAnotherLiveToken(GatewayRecord record, long tokenId) {
        Long owner = record.tokenId();
        return owner != null && owner != tokenId
                && tokens.find(owner).map(token -> !token.isRevoked()).orElse(false);
    }

    /** What one gateway acked last, and when. */
    public record Acked(String gatewayId, String epoch, long revision, long applyMillis, int skipped, long at) {
    }

    /** The last acks of many gateways, in one transaction: a fleet's acks cost one commit, not one each. */
    @Transactional
    public void acked(java.util.Collection<Acked> acks) {
        for (Acked ack : acks) {
            GatewayRecord record = em.find(GatewayRecord.class, ack.gatewayId());
            if (record != null) {
                record.acked(ack.epoch(), ack.revision(), ack.applyMillis(), ack.skipped(), ack.at());
            }
        }
    }

    @Transactional
    public void seen(String gatewayId) {
        GatewayRecord record = em.find(GatewayRecord.class, gatewayId);
        if (record != null) {
            record.seen(System.currentTimeMillis());
        }
    }

    @Transactional
    public List<GatewayRecord> all() {
        return em.createQuery("SELECT g FROM GatewayRecord g ORDER BY g.hostname, g.gatewayId", GatewayRecord.class)
                .getResultList();
    }
}
