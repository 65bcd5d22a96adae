package io.egressgate.server.entries;

import io.egressgate.server.schema.InList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.net.IDN;
import java.util.ArrayList;
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
        TypedQuery<Entry> query = em.createQuery("SELECT e FROM Entry e" + where.clause + " ORDER BY " + column
                + direction + (column.equals("e.id") ? "" : ", e.id DESC"), Entry.class);
        where.bind(query);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public long count(EntryFilter filter) {
        Where where = where(filter);
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(e) FROM Entry e" + where.clause, Long.class);
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

    private record Where(String clause, Map<String, Object> parameters) {
        void bind(TypedQuery<?> query) {
            parameters.forEach(query::setParameter);
        }
    }

    private static Where where(EntryFilter filter) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (filter.text() != null && !filter.text().isBlank()) {
            String text = filter.text().strip().toLowerCase(Locale.ROOT);
            conditions.add("(LOWER(e.value) LIKE :text ESCAPE '!' OR LOWER(e.note) LIKE :text ESCAPE '!'"
                    + " OR e.value LIKE :ascii ESCAPE '!')");
            parameters.put("text", "%" + likeEscaped(text) + "%");
            parameters.put("ascii", "%" + likeEscaped(asciiForm(text)) + "%");
        }
        if (filter.kind() != null) {
            conditions.add("e.kind = :kind");
            parameters.put("kind", filter.kind());
        }
        if (filter.locked() != null) {
            conditions.add("e.locked = :locked");
            parameters.put("locked", filter.locked());
        }
        if (filter.failingOnly()) {
            conditions.add("e.lastError IS NOT NULL");
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), parameters);
    }

    private static String asciiForm(String text) {
        try {
            return IDN.toASCII(text, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            return text;
        }
    }

    static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
