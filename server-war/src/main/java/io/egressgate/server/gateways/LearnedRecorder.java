package io.egressgate.server.gateways;

import io.egressgate.names.DomainName;
import io.egressgate.server.allowlist.Edit;
import io.egressgate.server.allowlist.Ledger;
import io.egressgate.server.query.InList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Writes the addresses gateways learned into {@code eg_learned_address} through the change log: one
 * transaction and at most one revision per frame, a few multi-row statements for a frame of 1,000.
 * A re-reported address keeps its row and the later of its two expiries. Every writer of the table
 * holds the allowlist lock ({@link Ledger#open}), so reading a row and writing it back cannot race.
 */
@ApplicationScoped
public class LearnedRecorder {

    /** So that one gateway token cannot flood the allowlist: live learned rows per gateway id. */
    static final int MAX_PER_GATEWAY = 10_000;
    private static final int INSERT_CHUNK = 50;

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    Ledger ledger;

    /** One address as screened: a name, a host CIDR the policy allows, and when it expires (epoch millis). */
    record Report(DomainName name, String cidr, long expiresAt) {
    }

    record Outcome(int accepted, int nameNotAllowed, int overGatewayLimit, OptionalLong revision) {
    }

    private record Key(String cidr, long entryId) {
    }

    private record Row(String name, long firstSeen, long expiresAt) {
    }

    /** Opens the edit first, before any read: see {@link Ledger#open}. */
    @Transactional
    public Outcome record(String gatewayId, List<Report> reports, long now) {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Edit edit = ledger.open("learned: " + reports.size() + " address(es) from gateway " + gatewayId);
        Map<DomainName, Long> allowing = AllowingEntries.of(em, reports.stream().map(Report::name).distinct().toList());
        Map<Key, Row> reported = new LinkedHashMap<>();
        int nameNotAllowed = 0;
        for (Report report : reports) {
            Long entryId = allowing.get(report.name());
            if (entryId == null) {
                nameNotAllowed++;
                continue;
            }
            reported.merge(new Key(report.cidr(), entryId), new Row(report.name().ascii(), now, report.expiresAt()),
                    (earlier, later) -> later.expiresAt() >= earlier.expiresAt() ? later : earlier);
        }
        Map<Key, Row> existing = existing(gatewayId, reported.keySet().stream().map(Key::cidr).distinct().toList());
        long room = MAX_PER_GATEWAY - count(gatewayId);
        Map<Key, Row> rows = new LinkedHashMap<>();
        int overGatewayLimit = 0;
        for (Map.Entry<Key, Row> report : reported.entrySet()) {
            Row old = existing.get(report.getKey());
            Row row = report.getValue();
            if (old != null) {
                rows.put(report.getKey(), new Row(row.name(), old.firstSeen(), Math.max(old.expiresAt(), row.expiresAt())));
            } else if (room > 0) {
                room--;
                rows.put(report.getKey(), row);
            } else {
                overGatewayLimit++;
            }
        }
        edit.touch(rows.keySet().stream().map(Key::cidr).toList());
        replace(gatewayId, rows, existing, now);
        return new Outcome(rows.size(), nameNotAllowed, overGatewayLimit, edit.close());
    }

    /** Whether a learned address has expired: its own transaction, so that an idle second takes no lock. */
    @Transactional
    public boolean anyExpired(long now) {
        Number soonest = (Number) em.createNativeQuery("SELECT MIN(expires_at) FROM eg_learned_address").getSingleResult();
        return soonest != null && soonest.longValue() <= now;
    }

    /**
     * Removes every learned address that expired by {@code now}, as one revision; an address that
     * the resolver, an entry or another gateway still gives stays in the set. Returns the rows removed.
     */
    @Transactional
    public int removeExpired(long now) {
        Edit edit = ledger.open("learned addresses expired");
        @SuppressWarnings("unchecked")
        List<String> cidrs = em.createNativeQuery("SELECT DISTINCT cidr FROM eg_learned_address WHERE expires_at <= ?1")
                .setParameter(1, now).getResultList();
        edit.touch(cidrs);
        int removed = em.createNativeQuery("DELETE FROM eg_learned_address WHERE expires_at <= ?1")
                .setParameter(1, now).executeUpdate();
        edit.close();
        return removed;
    }

    private long count(String gatewayId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM eg_learned_address WHERE gateway_id = ?1")
                .setParameter(1, gatewayId).getSingleResult()).longValue();
    }

    private Map<Key, Row> existing(String gatewayId, List<String> cidrs) {
        Map<Key, Row> rows = new LinkedHashMap<>();
        InList.chunks(cidrs, chunk -> {
            @SuppressWarnings("unchecked")
            List<Object[]> found = InList.bind(em.createNativeQuery("SELECT cidr, entry_id, name, first_seen, expires_at"
                    + " FROM eg_learned_address WHERE gateway_id = ?1 AND cidr IN (" + InList.placeholders(2, chunk.size())
                    + ")").setParameter(1, gatewayId), 2, chunk).getResultList();
            found.forEach(r -> rows.put(new Key((String) r[0], ((Number) r[1]).longValue()),
                    new Row((String) r[2], ((Number) r[3]).longValue(), ((Number) r[4]).longValue())));
        });
        return rows;
    }

    /** Deletes the rows being renewed and inserts every row anew: two statements a chunk, not one per address. */
    private void replace(String gatewayId, Map<Key, Row> rows, Map<Key, Row> existing, long now) {
        Map<Long, List<String>> renewedByEntry = new LinkedHashMap<>();
        rows.keySet().stream().filter(existing::containsKey)
                .forEach(key -> renewedByEntry.computeIfAbsent(key.entryId(), id -> new ArrayList<>()).add(key.cidr()));
        renewedByEntry.forEach((entryId, cidrs) -> InList.chunks(cidrs, chunk -> InList.bind(em.createNativeQuery(
                        "DELETE FROM eg_learned_address WHERE gateway_id = ?1 AND entry_id = ?2 AND cidr IN ("
                                + InList.placeholders(3, chunk.size()) + ")")
                .setParameter(1, gatewayId).setParameter(2, entryId), 3, chunk).executeUpdate()));
        InList.chunks(List.copyOf(rows.entrySet()), INSERT_CHUNK, chunk -> {
            StringBuilder sql = new StringBuilder("INSERT INTO eg_learned_address"
                    + " (cidr, entry_id, gateway_id, name, first_seen, last_seen, expires_at) VALUES ");
            List<Object> values = new ArrayList<>();
            for (Map.Entry<Key, Row> row : chunk) {
                int at = values.size() + 3;
                sql.append(values.isEmpty() ? "" : ", ").append("(?").append(at).append(", ?").append(at + 1)
                        .append(", ?1, ?").append(at + 2).append(", ?").append(at + 3).append(", ?2, ?").append(at + 4)
                        .append(')');
                values.add(row.getKey().cidr());
                values.add(row.getKey().entryId());
                values.add(row.getValue().name());
                values.add(row.getValue().firstSeen());
                values.add(row.getValue().expiresAt());
            }
            InList.bind(em.createNativeQuery(sql.toString()).setParameter(1, gatewayId).setParameter(2, now), 3, values)
                    .executeUpdate();
        });
    }
}
