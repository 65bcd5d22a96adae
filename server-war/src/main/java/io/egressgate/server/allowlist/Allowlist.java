package io.egressgate.server.allowlist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the effective set and its history. */
@ApplicationScoped
public class Allowlist {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    public record Snapshot(Version version, List<String> cidrs) {
    }

    @Transactional
    public Version current() {
        AllowlistState state = em.find(AllowlistState.class, AllowlistState.ID);
        return new Version(state.epoch(), state.revision());
    }

    /**
     * The whole set at one revision, read without keeping writers out: every commit that changes
     * the set raises the revision, so a read with the same revision before and after it saw one
     * revision (under MySQL's REPEATABLE READ the transaction's own snapshot already guarantees
     * that). Only when writers keep committing during the read does it fall back to the state lock.
     */
    @Transactional
    public Snapshot snapshot() {
        for (int attempt = 0; attempt < 3; attempt++) {
            Version before = readVersion();
            List<String> cidrs = readCidrs();
            if (before.equals(readVersion())) {
                return new Snapshot(before, cidrs);
            }
        }
        AllowlistState state = em.find(AllowlistState.class, AllowlistState.ID, LockModeType.PESSIMISTIC_WRITE);
        return new Snapshot(new Version(state.epoch(), state.revision()), readCidrs());
    }

    @SuppressWarnings("unchecked")
    private List<String> readCidrs() {
        return em.createNativeQuery("SELECT DISTINCT cidr FROM eg_address ORDER BY cidr").getResultList();
    }

    /** Straight from the table: the persistence context would answer a second find from its cache. */
    private Version readVersion() {
        Object[] row = (Object[]) em.createNativeQuery("SELECT epoch, revision FROM eg_allowlist_state WHERE id = ?1")
                .setParameter(1, AllowlistState.ID).getSingleResult();
        return new Version(String.valueOf(row[0]).trim(), ((Number) row[1]).longValue());
    }

    /**
     * The net change from {@code from} up to {@code toRevision}, or empty when {@code from} belongs
     * to another epoch or lies outside the log (newer than it, or older than its retained part) —
     * the caller then sends a snapshot.
     */
    @Transactional
    public Optional<Change> changesSince(Version from, long toRevision) {
        Version current = current();
        if (!current.epoch().equals(from.epoch()) || from.revision() > current.revision()
                || from.revision() < 0 || toRevision > current.revision() || toRevision < from.revision()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT cidr, op FROM eg_change WHERE revision > ?1 AND revision <= ?2 ORDER BY revision")
                .setParameter(1, from.revision()).setParameter(2, toRevision).getResultList();
        // read after the changes: a pruning that took some of them raised the floor in the same commit
        if (from.revision() < logFloor()) {
            return Optional.empty();
        }
        Map<String, String> last = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String cidr = (String) row[0];
            last.remove(cidr);
            last.put(cidr, String.valueOf(row[1]).trim());
        }
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        last.forEach((cidr, op) -> ("A".equals(op) ? add : remove).add(cidr));
        return Optional.of(new Change(from, toRevision, add, remove));
    }

    /** The newest revision whose changes {@link ChangeLogRetention} pruned (0: none). */
    private long logFloor() {
        return ((Number) em.createNativeQuery("SELECT log_floor FROM eg_allowlist_state WHERE id = ?1")
                .setParameter(1, AllowlistState.ID).getSingleResult()).longValue();
    }

    @Transactional
    public long size() {
        return ((Number) em.createNativeQuery("SELECT COUNT(DISTINCT cidr) FROM eg_address").getSingleResult())
                .longValue();
    }
}
