package io.egressgate.server.entries;

import io.egressgate.server.allowlist.Edit;
import io.egressgate.server.allowlist.Ledger;
import io.egressgate.server.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Finding and deleting entries (adding is {@link NewEntries}); each change and its revision commit together. */
@ApplicationScoped
public class Entries {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    Ledger ledger;

    @Inject
    AuditLog audit;

    /** An entry could not be deleted because it is locked. */
    public static class LockedException extends RuntimeException {
        public LockedException(Entry entry) {
            super("entry " + entry.id() + " (" + entry.value() + ") is locked and can never be deleted");
        }
    }

    /** Deletes an unlocked entry; false when there is no such entry. */
    @Transactional
    public boolean delete(long id, String actor) {
        Edit edit = ledger.open("delete entry " + id);
        Entry entry = em.find(Entry.class, id);
        if (entry == null) {
            return false;
        }
        if (entry.locked()) {
            throw new LockedException(entry);
        }
        edit.removeSourcesOf(id);
        if (entry.kind().isName()) {
            edit.removeName(entry.value());
        }
        em.remove(entry);
        edit.close();
        audit.record(actor, "entry.delete", entry.kind() + " " + entry.value(), null);
        return true;
    }

    @Transactional
    public Optional<Entry> find(long id) {
        return Optional.ofNullable(em.find(Entry.class, id));
    }

    @Transactional
    public Optional<Entry> findByValue(String canonical) {
        return em.createQuery("SELECT e FROM Entry e WHERE e.value = :value", Entry.class)
                .setParameter("value", canonical).getResultStream().findFirst();
    }

    /**
     * One address an entry gives, and where it comes from.
     *
     * @param source  {@code resolver} (the server resolved or entered it) or {@code learned} (a gateway's
     *                DNS forwarder answered it for an allowed name)
     * @param gateway the gateway id that learned it; null for the resolver
     * @param name    the name the gateway answered; null for the resolver
     */
    public record Address(String cidr, long firstSeen, long lastSeen, Long expiresAt, String source, String gateway,
                          String name) {
        public static final String RESOLVER = "resolver";
        public static final String LEARNED = "learned";
    }

    /** The entry's resolved or entered addresses, then those gateways learned, each by address. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Address> addressesOf(long entryId) {
        // An address a domain still gives was last seen at the domain's last answer (the resolver
        // does not rewrite every address at every answer).
        List<Object[]> rows = em.createNativeQuery("SELECT a.cidr, a.first_seen, CASE WHEN a.expires_at IS NULL"
                        + " AND e.last_resolved_at > a.last_seen THEN e.last_resolved_at ELSE a.last_seen END, a.expires_at"
                        + " FROM eg_address a JOIN eg_entry e ON e.id = a.entry_id WHERE a.entry_id = ?1 ORDER BY a.cidr")
                .setParameter(1, entryId).getResultList();
        List<Object[]> learned = em.createNativeQuery("SELECT cidr, first_seen, last_seen, expires_at, gateway_id, name"
                        + " FROM eg_learned_address WHERE entry_id = ?1 ORDER BY cidr, gateway_id")
                .setParameter(1, entryId).getResultList();
        List<Address> addresses = new java.util.ArrayList<>();
        rows.forEach(r -> addresses.add(new Address((String) r[0], ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), r[3] == null ? null : ((Number) r[3]).longValue(), Address.RESOLVER, null, null)));
        learned.forEach(r -> addresses.add(new Address((String) r[0], ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), Address.LEARNED, (String) r[4], (String) r[5])));
        return List.copyOf(addresses);
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public java.util.Map<EntryKind, Long> countByKind() {
        java.util.Map<EntryKind, Long> counts = new java.util.EnumMap<>(EntryKind.class);
        for (EntryKind kind : EntryKind.values()) {
            counts.put(kind, 0L);
        }
        List<Object[]> rows = em.createQuery("SELECT e.kind, COUNT(e) FROM Entry e GROUP BY e.kind").getResultList();
        rows.forEach(r -> counts.put((EntryKind) r[0], ((Number) r[1]).longValue()));
        return counts;
    }
}
