package io.egressgate.server.entries;

import io.egressgate.server.allowlist.Edit;
import io.egressgate.server.allowlist.Ledger;
import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.query.InList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Adding entries, one or up to {@link #MAX_VALUES} at once, for every boundary (API, console,
 * importer). Every value is checked before anything is stored: one refused value and nothing is
 * stored. What is stored is one revision and one audit record; a value already on the allowlist
 * is left as it is. New domains are announced with {@link EntriesAdded} for after the commit.
 */
@ApplicationScoped
public class NewEntries {

    public static final int MAX_VALUES = 10_000;
    public static final int MAX_NOTE = 1000;
    /** Rows per multi-row INSERT of new entries (7 parameters each). */
    private static final int INSERT_CHUNK = 100;

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    EntryRules rules;

    @Inject
    Ledger ledger;

    @Inject
    AuditLog audit;

    @Inject
    Event<EntriesAdded> added;

    /** One value to add, locked or not, with its note (null for none). */
    public record Request(String value, boolean locked, String note) {
    }

    /** A value that is on the allowlist now: the entry it is, and whether this call created it. */
    public record Item(int index, String value, long id, EntryKind kind, boolean locked, boolean created) {
    }

    /** A value that was refused, where it stood in the request, and why. */
    public record Refusal(int index, String value, String message) {
    }

    /** Either every value is on the allowlist ({@code items}) or nothing was stored ({@code refusals}). */
    public record Outcome(List<Item> items, List<Refusal> refusals, OptionalLong revision) {
        public boolean stored() {
            return refusals.isEmpty();
        }

        public long created() {
            return items.stream().filter(Item::created).count();
        }
    }

    /** Adds these values, all locked or all not, with one note. */
    @Transactional
    public Outcome add(List<String> values, boolean locked, String note, String actor) {
        return addEach(values.stream().map(value -> new Request(value, locked, note)).toList(), actor);
    }

    /**
     * Adds each value with its own lock and note. Too many or no values at all is refused as a whole
     * ({@link IllegalArgumentException}); a bad value or note is refused with its index, and then
     * nothing is stored.
     */
    @Transactional
    public Outcome addEach(List<Request> requests, String actor) {
        CheckedValues checked = CheckedValues.of(requests, rules.policy());
        if (!checked.refusals().isEmpty()) {
            return new Outcome(List.of(), checked.refusals(), OptionalLong.empty());
        }
        Edit edit = ledger.open(cause(checked.distinct().keySet()));
        Map<String, Stored> stored = existing(checked.distinct().keySet());
        List<CheckedValues.Value> fresh = checked.distinct().values().stream().filter(v -> !stored.containsKey(v.canonical())).toList();
        stored.putAll(insert(fresh, actor, edit));
        OptionalLong revision = edit.close();
        if (!fresh.isEmpty()) {
            audit.record(actor, "entry.add", subject(fresh), detail(fresh));
            Map<Long, String> domains = new LinkedHashMap<>();
            fresh.stream().filter(v -> v.value().kind() == EntryKind.DOMAIN)
                    .forEach(v -> domains.put(stored.get(v.canonical()).id(), v.canonical()));
            added.fire(new EntriesAdded(Map.copyOf(domains)));
        }
        List<Item> items = checked.byIndex().values().stream().map(v -> {
            Stored entry = stored.get(v.canonical());
            return new Item(v.index(), v.request().value(), entry.id(), v.value().kind(), entry.locked(),
                    entry.created() && checked.first(v));
        }).toList();
        return new Outcome(items, List.of(), revision);
    }

    /** A note as stored: stripped, null when blank. */
    public static String cleanNote(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        String text = note.strip();
        if (text.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note is longer than " + MAX_NOTE + " characters");
        }
        // A terminal escape or a line break in a note would be replayed into logs, exports and terminals.
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("note must not contain control characters (line breaks, tabs, escapes)");
        }
        return text;
    }

    private record Stored(long id, boolean locked, boolean created) {
    }

    private Map<String, Stored> existing(java.util.Collection<String> canonicals) {
        Map<String, Stored> found = new HashMap<>();
        InList.chunks(canonicals, chunk -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = InList.bind(em.createNativeQuery("SELECT entry_value, id, locked FROM eg_entry"
                    + " WHERE entry_value IN (" + InList.placeholders(1, chunk.size()) + ")"), 1, chunk).getResultList();
            rows.forEach(r -> found.put((String) r[0], new Stored(((Number) r[1]).longValue(), truth(r[2]), false)));
        });
        return found;
    }

    /**
     * Multi-row INSERTs with ids taken from the entry id table in one step, so that 10,000 values are
     * a few hundred statements. The ids taken lie strictly inside the range this update moved the
     * counter over, so they can meet none that JPA's table generator hands out from its own ranges.
     */
    private Map<String, Stored> insert(List<CheckedValues.Value> fresh, String actor, Edit edit) {
        Map<String, Stored> inserted = new HashMap<>();
        if (fresh.isEmpty()) {
            return inserted;
        }
        em.createNativeQuery("UPDATE eg_id SET next_value = next_value + ?1 WHERE name = 'entry'")
                .setParameter(1, fresh.size() + 1L).executeUpdate();
        long last = ((Number) em.createNativeQuery("SELECT next_value FROM eg_id WHERE name = 'entry'")
                .getSingleResult()).longValue();
        long firstId = last - fresh.size();
        long now = System.currentTimeMillis();
        Map<Long, List<String>> addresses = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>(fresh.size());
        for (CheckedValues.Value c : fresh) {
            long id = firstId + rows.size();
            inserted.put(c.value().canonical(), new Stored(id, c.request().locked(), true));
            rows.add(new Object[] {id, c.value().canonical(), c.value().kind().name(), c.request().locked(), c.note(),
                now, actor});
            c.value().allowlistCidr().ifPresent(cidr -> addresses.put(id, List.of(cidr)));
            if (c.value().kind().isName()) {
                edit.addName(c.value().canonical());
            }
        }
        insertRows(rows);
        edit.addNewSources(addresses, Instant.ofEpochMilli(now));
        return inserted;
    }

    /**
     * Straight through JDBC, on the transaction's own connection: EclipseLink looks every parameter
     * of a native query up among all the others, which made 10,000 rows of 7 parameters cost seconds
     * of CPU in multi-row statements; plain JDBC binds them by position.
     */
    private void insertRows(List<Object[]> rows) {
        Connection connection = em.unwrap(Connection.class);
        List<List<Object[]>> chunks = new ArrayList<>();
        InList.chunks(rows, INSERT_CHUNK, chunks::add);
        for (List<Object[]> chunk : chunks) {
            String sql = "INSERT INTO eg_entry (id, entry_value, kind, locked, note, created_at, created_by) VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?)"));
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int p = 1;
                for (Object[] row : chunk) {
                    insert.setLong(p++, (Long) row[0]);
                    insert.setString(p++, (String) row[1]);
                    insert.setString(p++, (String) row[2]);
                    insert.setBoolean(p++, (Boolean) row[3]);
                    insert.setString(p++, (String) row[4]);
                    insert.setLong(p++, (Long) row[5]);
                    insert.setString(p++, (String) row[6]);
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new PersistenceException("cannot insert the new entries: " + e.getMessage(), e);
            }
        }
    }

    private static boolean truth(Object column) {
        return column instanceof Boolean b ? b : column instanceof Number n && n.intValue() != 0;
    }

    /** The revision's cause names a single value, as History finds an entry's revisions by it. */
    private static String cause(java.util.Set<String> canonicals) {
        return canonicals.size() == 1 ? "add " + canonicals.iterator().next() : "add " + canonicals.size() + " entries";
    }

    private static String subject(List<CheckedValues.Value> fresh) {
        return fresh.size() == 1 ? fresh.get(0).value().kind() + " " + fresh.get(0).value().canonical()
                : fresh.size() + " entries";
    }

    private static String detail(List<CheckedValues.Value> fresh) {
        long locked = fresh.stream().filter(c -> c.request().locked()).count();
        List<String> notes = fresh.stream().map(CheckedValues.Value::note).distinct().toList();
        String lockState = locked == fresh.size() ? "locked" : locked == 0 ? "unlocked" : locked + " locked";
        String note = notes.size() == 1 && notes.get(0) != null ? "; note: " + notes.get(0) : "";
        if (fresh.size() == 1) {
            return lockState + note;
        }
        return lockState + note + "; " + fresh.stream().map(c -> c.value().kind() + " " + c.value().canonical())
                .collect(Collectors.joining(", "));
    }
}
