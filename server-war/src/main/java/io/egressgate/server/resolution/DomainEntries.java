package io.egressgate.server.resolution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which domain entries exist: every one is resolved, locked or not. */
@ApplicationScoped
public class DomainEntries {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    /** Entry id to domain (ASCII, as stored). */
    @Transactional
    public Map<Long, String> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, entry_value FROM eg_entry WHERE kind = 'DOMAIN'")
                .getResultList();
        Map<Long, String> domains = new HashMap<>(rows.size() * 2);
        rows.forEach(r -> domains.put(((Number) r[0]).longValue(), (String) r[1]));
        return domains;
    }

    @Transactional
    public Optional<String> find(long id) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT entry_value FROM eg_entry WHERE kind = 'DOMAIN' AND id = ?1")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(String.class::cast);
    }
}
