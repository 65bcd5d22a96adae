package io.egressgate.server.allowlist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads the effective set and its history. */
@ApplicationScoped
public class Allowlist {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    /** The effective set at one revision, and the names gateways allow (domains, {@code *.} wildcards) at it. */
    public record Snapshot(Version version, List<String> cidrs, List<String> names) {
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
     * Adding or deleting a name raises the revision too, so the names are read the same way.
     */
    @Transactional
    public Snapshot snapshot() {
        for (int attempt = 0; attempt < 3; attempt++) {
            Version before = readVersion();
            List<String> cidrs = readCidrs();
            List<String> names = readNames();
            if (before.equals(readVersion())) {
                return new Snapshot(before, cidrs, names);
            }
        }
        AllowlistState state = em.find(AllowlistState.class, AllowlistState.ID, LockModeType.PESSIMISTIC_WRITE);
        return new Snapshot(new Version(state.epoch(), state.revision()), readCidrs(), readNames());
    }

    /** Resolved and entered addresses, and those gateways learned that have not expired yet. */
    @SuppressWarnings("unchecked")
    private List<String> readCidrs() {
        return em.createNativeQuery("SELECT cidr FROM eg_address UNION SELECT cidr FROM eg_learned_address ORDER BY 1")
                .getResultList();
    }

    /** A domain entry's value is its name and a wildcard's is {@code *.} and its base, as gateways read them. */
    @SuppressWarnings("unchecked")
    private List<String> readNames() {
        return em.createNativeQuery("SELECT entry_value FROM eg_entry WHERE kind IN ('DOMAIN', 'WILDCARD')"
                + " ORDER BY entry_value").getResultList();
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
        NetChange cidrs = netChange("SELECT cidr, op FROM eg_change", from.revision(), toRevision);
        NetChange names = netChange("SELECT name, op FROM eg_name_change", from.revision(), toRevision);
        // read after the changes: a pruning that took some of them raised the floor in the same commit
        if (from.revision() < logFloor()) {
            return Optional.empty();
        }
        return Optional.of(new Change(from, toRevision, cidrs.add(), cidrs.remove(), names.add(), names.remove()));
    }

    /** What the log rows between two revisions come to: each value's last operation counts. */
    private NetChange netChange(String select, long fromRevision, long toRevision) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(select + " WHERE revision > ?1 AND revision <= ?2 ORDER BY revision")
                .setParameter(1, fromRevision).setParameter(2, toRevision).getResultList();
        return NetChange.collapse(rows.stream()
                .map(row -> new NetChange.Logged((String) row[0], String.valueOf(row[1]))).toList());
    }

    /** The newest revision whose changes {@link ChangeLogRetention} pruned (0: none). */
    @Transactional
    public long logFloor() {
        return ((Number) em.createNativeQuery("SELECT log_floor FROM eg_allowlist_state WHERE id = ?1")
                .setParameter(1, AllowlistState.ID).getSingleResult()).longValue();
    }

    @Transactional
    public long size() {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM (SELECT cidr FROM eg_address"
                + " UNION SELECT cidr FROM eg_learned_address) effective").getSingleResult()).longValue();
    }
}
