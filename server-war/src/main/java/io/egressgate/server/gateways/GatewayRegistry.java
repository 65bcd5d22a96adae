package io.egressgate.server.gateways;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** The stored side of gateways: who said hello, what they acked. */
@ApplicationScoped
public class GatewayRegistry {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Transactional
    public void hello(String gatewayId, String hostname, String version, long tokenId, String epoch, Long revision) {
        long now = System.currentTimeMillis();
        GatewayRecord record = em.find(GatewayRecord.class, gatewayId);
        if (record == null) {
            record = new GatewayRecord(gatewayId, now);
            em.persist(record);
        }
        record.hello(hostname, version, tokenId, epoch, revision, now);
    }

    @Transactional
    public void acked(String gatewayId, String epoch, long revision, long applyMillis, int skipped) {
        GatewayRecord record = em.find(GatewayRecord.class, gatewayId);
        if (record != null) {
            record.acked(epoch, revision, applyMillis, skipped, System.currentTimeMillis());
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
