package io.egressgate.server.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;

@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    /** Part of the caller's transaction: a change and its audit record commit or fail together. */
    @Transactional(TxType.MANDATORY)
    public void record(String actor, String action, String subject, String detail) {
        em.persist(new AuditEntry(System.currentTimeMillis(), truncate(actor, 100), action,
                truncate(subject, 255), detail == null ? null : truncate(detail, 1000)));
    }

    @Transactional
    public List<AuditEntry> newest(int limit) {
        return em.createQuery("SELECT a FROM AuditEntry a ORDER BY a.id DESC", AuditEntry.class)
                .setMaxResults(limit).getResultList();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
