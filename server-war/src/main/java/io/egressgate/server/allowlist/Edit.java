package io.egressgate.server.allowlist;

import io.egressgate.server.query.InList;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * One change of the effective set inside one transaction. Every address the change may affect is
 * touched before its rows change, so that {@link #close()} can compare before and after and log
 * only the net difference — an address still given by another entry does not leave the set. The
 * names gateways allow (domains and wildcards) are logged beside the addresses, in the same revision.
 * An address is in the effective set while a row of {@code eg_address} (entered or resolved) or of
 * {@code eg_learned_address} (learned by a gateway) gives it.
 */
public final class Edit {

    /** Small on purpose, see {@link InList}. */
    private static final int IN_CHUNK = InList.CHUNK;
    private static final int INSERT_CHUNK = 50;

    private final EntityManager em;
    private final AllowlistState state;
    private final String cause;
    private final LongConsumer onRevision;
    /** cidr -> whether it was in the effective set when first touched */
    private final Map<String, Boolean> before = new LinkedHashMap<>();
    /** name -> "A" (added) or "R" (removed) by this edit */
    private final Map<String, String> names = new LinkedHashMap<>();
    private boolean closed;

    Edit(EntityManager em, AllowlistState state, String cause, LongConsumer onRevision) {
        this.em = em;
        this.state = state;
        this.cause = cause;
        this.onRevision = onRevision;
    }

    public Version version() {
        return new Version(state.epoch(), state.revision());
    }

    /** Records the current membership of these addresses; call before changing their rows. */
    public void touch(Collection<String> cidrs) {
        List<String> fresh = cidrs.stream().filter(c -> !before.containsKey(c)).distinct().toList();
        Set<String> present = present(fresh);
        fresh.forEach(c -> before.put(c, present.contains(c)));
    }

    /** The entry now gives this address (idempotent). */
    public void addSource(String cidr, long entryId, Instant seen) {
        touch(List.of(cidr));
        em.flush();
        int updated = em.createNativeQuery(
                        "UPDATE eg_address SET last_seen = ?1, expires_at = NULL WHERE cidr = ?2 AND entry_id = ?3")
                .setParameter(1, seen.toEpochMilli()).setParameter(2, cidr).setParameter(3, entryId)
                .executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("INSERT INTO eg_address (cidr, entry_id, first_seen, last_seen, expires_at) "
                            + "VALUES (?1, ?2, ?3, ?3, NULL)")
                    .setParameter(1, cidr).setParameter(2, entryId).setParameter(3, seen.toEpochMilli())
                    .executeUpdate();
        }
    }

    /**
     * The entry no longer gives any address (it is being deleted), neither resolved nor learned: the
     * learned rows go now, not by the foreign key's cascade, so that their removal is logged.
     */
    public void removeSourcesOf(long entryId) {
        @SuppressWarnings("unchecked")
        List<String> cidrs = em.createNativeQuery("SELECT cidr FROM eg_address WHERE entry_id = ?1"
                        + " UNION SELECT cidr FROM eg_learned_address WHERE entry_id = ?1")
                .setParameter(1, entryId).getResultList();
        touch(cidrs);
        em.createNativeQuery("DELETE FROM eg_address WHERE entry_id = ?1").setParameter(1, entryId).executeUpdate();
        em.createNativeQuery("DELETE FROM eg_learned_address WHERE entry_id = ?1").setParameter(1, entryId).executeUpdate();
    }

    /**
     * Each entry now gives these addresses, none of which it gave before (the caller has read the
     * entries' rows in this transaction). Multi-row INSERTs across entries: the first resolution of
     * 10,000 domains is a few hundred statements, not one per domain or per address.
     */
    public void addNewSources(Map<Long, ? extends Collection<String>> cidrsByEntry, Instant seen) {
        List<Map.Entry<Long, String>> rows = new ArrayList<>();
        cidrsByEntry.forEach((entryId, cidrs) -> cidrs.forEach(cidr -> rows.add(Map.entry(entryId, cidr))));
        touch(rows.stream().map(Map.Entry::getValue).toList());
        InList.chunks(rows, INSERT_CHUNK, chunk -> {
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO eg_address (cidr, entry_id, first_seen, last_seen, expires_at) VALUES ");
            List<Object> values = new ArrayList<>();
            for (Map.Entry<Long, String> row : chunk) {
                sql.append(values.isEmpty() ? "" : ", ").append("(?").append(values.size() + 2)
                        .append(", ?").append(values.size() + 3).append(", ?1, ?1, NULL)");
                values.add(row.getValue());
                values.add(row.getKey());
            }
            InList.bind(em.createNativeQuery(sql.toString()).setParameter(1, seen.toEpochMilli()), 2, values)
                    .executeUpdate();
        });
    }

    /**
     * The entry gives these addresses (again): seen now, and no longer expiring. Membership does
     * not change, since the rows exist.
     */
    public void renewSources(long entryId, Collection<String> cidrs, Instant seen) {
        InList.chunks(cidrs, chunk -> InList.bind(em.createNativeQuery(
                        "UPDATE eg_address SET last_seen = ?1, expires_at = NULL WHERE entry_id = ?2 AND cidr IN ("
                                + InList.placeholders(3, chunk.size()) + ")")
                .setParameter(1, seen.toEpochMilli()).setParameter(2, entryId), 3, chunk).executeUpdate());
    }

    /**
     * The entry no longer gives these addresses, but they stay allowed for {@code grace} after they
     * were last seen ({@link #removeExpired} then removes them). A domain's address still given is
     * not rewritten at every answer: it was last seen at its own {@code last_seen} or at
     * {@code seenUntil} (the domain's previous answer), whichever is later; that time is written
     * down now. Rows already expiring keep their time.
     */
    public void retireSources(long entryId, Collection<String> cidrs, Instant seenUntil, Duration grace) {
        // expires_at first: MySQL evaluates SET assignments left to right, H2 with the old values.
        InList.chunks(cidrs, chunk -> InList.bind(em.createNativeQuery(
                        "UPDATE eg_address SET expires_at = (CASE WHEN last_seen > ?1 THEN last_seen ELSE ?1 END) + ?2,"
                                + " last_seen = CASE WHEN last_seen > ?1 THEN last_seen ELSE ?1 END"
                                + " WHERE entry_id = ?3 AND expires_at IS NULL AND cidr IN (" + InList.placeholders(4, chunk.size()) + ")")
                .setParameter(1, seenUntil.toEpochMilli()).setParameter(2, grace.toMillis()).setParameter(3, entryId), 4, chunk)
                .executeUpdate());
    }

    /** The entry stops giving these addresses at once (no grace period). */
    public void removeSources(long entryId, Collection<String> cidrs) {
        touch(cidrs);
        InList.chunks(cidrs, chunk -> InList.bind(em.createNativeQuery("DELETE FROM eg_address WHERE entry_id = ?1 AND cidr IN ("
                + InList.placeholders(2, chunk.size()) + ")").setParameter(1, entryId), 2, chunk).executeUpdate());
    }

    /** No gateway's report gives these addresses any more (the policy refuses them now). */
    public void removeLearned(Collection<String> cidrs) {
        touch(cidrs);
        InList.chunks(cidrs, chunk -> InList.bind(em.createNativeQuery("DELETE FROM eg_learned_address WHERE cidr IN ("
                + InList.placeholders(1, chunk.size()) + ")"), 1, chunk).executeUpdate());
    }

    /**
     * Gateways allow this name from this edit's revision on: a domain or wildcard entry was added.
     * Entry values are unique, so unlike an address no other entry can already give the name.
     */
    public void addName(String name) {
        changeName(name, "A");
    }

    /** Gateways no longer allow this name: its entry is being deleted. */
    public void removeName(String name) {
        changeName(name, "R");
    }

    /** The opposite of what this edit already did to the name cancels it: the name is as it was. */
    private void changeName(String name, String op) {
        String earlier = names.remove(name);
        if (earlier == null || earlier.equals(op)) {
            names.put(name, op);
        }
    }

    /** Removes every address whose grace period has ended by {@code now}; returns how many rows went. */
    public int removeExpired(Instant now) {
        @SuppressWarnings("unchecked")
        List<String> cidrs = em.createNativeQuery(
                        "SELECT DISTINCT cidr FROM eg_address WHERE expires_at IS NOT NULL AND expires_at <= ?1")
                .setParameter(1, now.toEpochMilli()).getResultList();
        if (cidrs.isEmpty()) {
            return 0;
        }
        touch(cidrs);
        return em.createNativeQuery("DELETE FROM eg_address WHERE expires_at IS NOT NULL AND expires_at <= ?1")
                .setParameter(1, now.toEpochMilli()).executeUpdate();
    }

    /** Writes the net difference as one new revision, if there is any; returns that revision. */
    public OptionalLong close() {
        if (closed) {
            throw new IllegalStateException("edit already closed");
        }
        closed = true;
        em.flush();
        NetChange cidrs = NetChange.between(before, present(before.keySet()));
        if (cidrs.isEmpty() && names.isEmpty()) {
            return OptionalLong.empty();
        }
        long revision = state.advance();
        em.createNativeQuery("INSERT INTO eg_revision (revision, created_at, cause) VALUES (?1, ?2, ?3)")
                .setParameter(1, revision).setParameter(2, System.currentTimeMillis())
                .setParameter(3, cause.length() > 200 ? cause.substring(0, 200) : cause)
                .executeUpdate();
        insertChanges("eg_change", "cidr", revision, cidrs.add(), "A");
        insertChanges("eg_change", "cidr", revision, cidrs.remove(), "R");
        insertChanges("eg_name_change", "name", revision, withOp("A"), "A");
        insertChanges("eg_name_change", "name", revision, withOp("R"), "R");
        onRevision.accept(revision);
        return OptionalLong.of(revision);
    }

    private List<String> withOp(String op) {
        return names.entrySet().stream().filter(name -> name.getValue().equals(op)).map(Map.Entry::getKey).toList();
    }

    /**
     * Multi-row INSERTs: a resolver cycle may change thousands of addresses in one revision. Table and
     * column are this class's constants, never input.
     */
    private void insertChanges(String table, String column, long revision, List<String> values, String op) {
        for (int from = 0; from < values.size(); from += INSERT_CHUNK) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + INSERT_CHUNK));
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (revision, " + column + ", op) VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i > 0 ? ", " : "").append("(?1, ?").append(i + 3).append(", ?2)");
            }
            InList.bind(em.createNativeQuery(sql.toString()).setParameter(1, revision).setParameter(2, op), 3, chunk)
                    .executeUpdate();
        }
    }

    private Set<String> present(Collection<String> cidrs) {
        Set<String> present = new HashSet<>();
        List<String> all = List.copyOf(cidrs);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String in = InList.placeholders(1, chunk.size());
            var query = em.createNativeQuery("SELECT cidr FROM eg_address WHERE cidr IN (" + in + ")"
                    + " UNION SELECT cidr FROM eg_learned_address WHERE cidr IN (" + in + ")");
            for (int i = 0; i < chunk.size(); i++) {
                query.setParameter(i + 1, chunk.get(i));
            }
            for (Object cidr : query.getResultList()) {
                present.add((String) cidr);
            }
        }
        return present;
    }
}
