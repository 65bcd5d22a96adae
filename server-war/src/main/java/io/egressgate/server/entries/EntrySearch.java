package io.egressgate.server.entries;

import io.egressgate.server.query.InList;
import io.egressgate.server.query.Like;
import io.egressgate.server.query.Where;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.net.IDN;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Sorted, filtered pages of entries for people to browse, and the figures the console summarises. */
@ApplicationScoped
public class EntrySearch {

    /** Sortable columns; anything else sorts newest first, so no input reaches the query text. */
    private static final Map<String, String> SORTABLE = Map.of(
            "value", "e.value", "kind", "e.kind", "locked", "e.locked", "note", "e.note",
            "createdBy", "e.createdBy", "createdAt", "e.id", "lastError", "e.lastError");

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Transactional
    public List<Entry> page(EntryFilter filter, String sortField, boolean ascending, int offset, int limit) {
        String column = SORTABLE.getOrDefault(sortField == null ? "" : sortField, "e.id");
        boolean newestFirst = !SORTABLE.containsKey(sortField == null ? "" : sortField);
        String direction = newestFirst || !ascending ? " DESC" : " ASC";
        Where where = where(filter);
        TypedQuery<Entry> query = em.createQuery("SELECT e FROM Entry e" + where.clause() + " ORDER BY " + column
                + direction + (column.equals("e.id") ? "" : ", e.id DESC"), Entry.class);
        where.bind(query);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public long count(EntryFilter filter) {
        Where where = where(filter);
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(e) FROM Entry e" + where.clause(), Long.class);
        where.bind(query);
        return query.getSingleResult();
    }

    /**
     * How many addresses each of these entries currently puts on the allowlist, resolved or learned,
     * counted as its page lists them (an address learned by two gateways is two rows).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<Long, Long> addressCounts(Collection<Long> entryIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (entryIds.isEmpty()) {
            return counts;
        }
        List<Long> ids = List.copyOf(entryIds);
        String in = InList.placeholders(1, ids.size());
        List<Object[]> rows = InList.bind(em.createNativeQuery("SELECT entry_id, COUNT(*) FROM ("
                + "SELECT entry_id FROM eg_address WHERE entry_id IN (" + in + ") UNION ALL "
                + "SELECT entry_id FROM eg_learned_address WHERE entry_id IN (" + in + ")) address_rows GROUP BY entry_id"), 1, ids)
                .getResultList();
        rows.forEach(r -> counts.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
        return counts;
    }

    /** Domains whose last resolution failed, most recent failure first. */
    @Transactional
    public List<Entry> failing(int limit) {
        return em.createQuery("SELECT e FROM Entry e WHERE e.lastError IS NOT NULL ORDER BY e.lastErrorAt DESC, e.id",
                Entry.class).setMaxResults(limit).getResultList();
    }

    @Transactional
    public long failingCount() {
        return em.createQuery("SELECT COUNT(e) FROM Entry e WHERE e.lastError IS NOT NULL", Long.class)
                .getSingleResult();
    }

    /** When any domain was last resolved successfully; null before the first success. */
    @Transactional
    public Long lastResolvedAt() {
        return em.createQuery("SELECT MAX(e.lastResolvedAt) FROM Entry e", Long.class).getSingleResult();
    }

    /**
     * The one search of entries, for the API and the console alike: {@code text} is found in the value
     * or the note, case-insensitively, {@code %} and {@code _} as typed; a domain typed in Unicode also
     * finds its punycode form.
     */
    static Where where(EntryFilter filter) {
        Where where = new Where();
        if (filter.text() != null && !filter.text().isBlank()) {
            String text = filter.text().strip().toLowerCase(Locale.ROOT);
            where.and("(LOWER(e.value) LIKE :text" + Like.ESCAPE + " OR LOWER(e.note) LIKE :text" + Like.ESCAPE
                    + " OR e.value LIKE :ascii" + Like.ESCAPE + ")", "text", Like.containing(text))
                    .with("ascii", Like.containing(asciiForm(text)));
        }
        if (filter.kind() != null) {
            where.and("e.kind = :kind", "kind", filter.kind());
        }
        if (filter.locked() != null) {
            where.and("e.locked = :locked", "locked", filter.locked());
        }
        if (filter.failingOnly()) {
            where.and("e.lastError IS NOT NULL");
        }
        return where;
    }

    private static String asciiForm(String text) {
        try {
            return IDN.toASCII(text, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            return text;
        }
    }
}
