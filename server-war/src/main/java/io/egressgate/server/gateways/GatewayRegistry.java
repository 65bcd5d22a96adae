package io.egressgate.server.gateways;

import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.security.Caller;
import io.egressgate.server.security.TokenStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/** The stored side of gateways: who said hello, what they acked. */
@ApplicationScoped
public class GatewayRegistry {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Resource(lookup = "jdbc/egressgate")
    DataSource dataSource;

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

    /**
     * The last acks of many gateways, in one transaction and one JDBC batch: a fleet's acks cost one
     * commit, not one each, and no entity reads (an entity find and a dirty check per gateway cost the
     * sync of a thousand gateways an eighth of the server's CPU). A gateway never registered is not written.
     */
    @Transactional
    public void acked(Collection<Acked> acks) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE eg_gateway SET applied_epoch = ?,"
                     + " applied_revision = ?, last_apply_ms = ?, skipped = ?, last_ack_at = ?, last_seen = ?"
                     + " WHERE gateway_id = ?")) {
            for (Acked ack : acks) {
                update.setString(1, ack.epoch());
                update.setLong(2, ack.revision());
                update.setLong(3, ack.applyMillis());
                update.setInt(4, ack.skipped());
                update.setLong(5, ack.at());
                update.setLong(6, ack.at());
                update.setString(7, ack.gatewayId());
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("recording " + acks.size() + " gateway acks failed: " + e.getMessage(), e);
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
