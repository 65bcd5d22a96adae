package io.egressgate.server.resolution;

import io.egressgate.server.allowlist.Edit;
import io.egressgate.server.allowlist.Ledger;
import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.resolution.AddressPlan.Source;
import io.egressgate.server.query.InList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Records a batch of lookups in one transaction: one allowlist revision for the whole batch (none
 * when no address joins or leaves the effective set), the entries' resolution time or error, and
 * the removal of every address whose grace period has ended. Statements are batched per 500
 * entries, and an address a domain still gives is not rewritten (its entry's resolution time says
 * when it was last seen), so an unchanged cycle of 10,000 names costs a few dozen statements that
 * write 10,000 entry rows — not one statement, or one row, per address.
 */
@ApplicationScoped
public class ResolutionRecorder {

    private static final String ACTOR = "resolver";
    /** From this many names on, one pass over all domains' rows is cheaper than lists of ids. */
    private static final int WHOLE_TABLE = 1000;

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    Ledger ledger;

    @Inject
    AuditLog audit;

    /**
     * @param plans     per recorded entry, what its answer changed (failed lookups have none)
     * @param gone      entries that were deleted while they were being looked up
     * @param expired   address rows removed because their grace period ended
     */
    public record Recorded(OptionalLong revision, Map<Long, AddressPlan> plans, Set<Long> gone, int expired) {
        static Recorded nothing() {
            return new Recorded(OptionalLong.empty(), Map.of(), Set.of(), 0);
        }
    }

    /**
     * Takes the allowlist lock before anything else is read. On MariaDB/MySQL (REPEATABLE READ) a
     * transaction's first plain read fixes the snapshot that every later plain read sees: a read
     * before the lock would hide a change committed while this one waited for it, and the diff
     * would then publish a {@code remove} for an address another entry still gives.
     */
    @Transactional
    public Recorded record(List<Observation> observations, Instant now, Duration grace, int cap) {
        Edit edit = ledger.open(observations.isEmpty() ? "resolver: grace periods ended"
                : "resolver: " + observations.size() + " name(s) resolved");
        Map<Long, Observation> byEntry = new LinkedHashMap<>();
        observations.forEach(o -> byEntry.put(o.entryId(), o));
        Map<Long, Long> previousAnswer = existing(byEntry.keySet());
        Set<Long> alive = previousAnswer.keySet();
        Set<Long> gone = new HashSet<>(byEntry.keySet());
        gone.removeAll(alive);
        Map<Long, List<Source>> rows = sources(previousAnswer);

        Map<Long, AddressPlan> plans = new LinkedHashMap<>();
        Set<String> membershipMayChange = new LinkedHashSet<>();
        for (long id : alive) {
            if (byEntry.get(id).lookup() instanceof Lookup.Answered answered) {
                AddressPlan plan = AddressPlan.of(byEntry.get(id).allowed(),
                        cidr -> answered.knows(Observation.isIpv6(cidr)), rows.getOrDefault(id, List.of()), cap);
                plans.put(id, plan);
                membershipMayChange.addAll(plan.insert());
                membershipMayChange.addAll(plan.drop());
            }
        }
        edit.touch(membershipMayChange);
        Map<Long, List<String>> inserts = new LinkedHashMap<>();
        plans.forEach((id, plan) -> {
            Lookup.Answered answered = (Lookup.Answered) byEntry.get(id).lookup();
            edit.removeSources(id, plan.drop());
            edit.retireSources(id, plan.retire(), Instant.ofEpochMilli(previousAnswer.get(id)), grace);
            edit.renewSources(id, plan.renew(), now);
            if (!plan.insert().isEmpty()) {
                inserts.put(id, plan.insert());
            }
            if (answered.partialError() != null) {
                // the entry's answer time does not move (see recordEntryStatus): date these rows themselves
                edit.renewSources(id, plan.refresh(), now);
            }
        });
        edit.addNewSources(inserts, now);
        recordEntryStatus(byEntry, alive, now);
        auditNotable(byEntry, plans, cap);
        int expired = edit.removeExpired(now);
        return new Recorded(edit.close(), plans, gone, expired);
    }

    /** Whether a grace period has ended: its own transaction, so that an idle tick takes no lock. */
    @Transactional
    public boolean anyExpired(Instant now) {
        Number soonest = (Number) em.createNativeQuery(
                "SELECT MIN(expires_at) FROM eg_address WHERE expires_at IS NOT NULL").getSingleResult();
        return soonest != null && soonest.longValue() <= now.toEpochMilli();
    }

    /** The domain entries that still exist, each with the time of its previous complete answer (0: none). */
    private Map<Long, Long> existing(Collection<Long> ids) {
        Map<Long, Long> found = new HashMap<>();
        Consumer<List<Object[]>> collect = rows ->
                rows.forEach(r -> found.put(((Number) r[0]).longValue(), r[1] == null ? 0L : ((Number) r[1]).longValue()));
        String select = "SELECT id, last_resolved_at FROM eg_entry WHERE kind = 'DOMAIN'";
        if (ids.size() >= WHOLE_TABLE) {
            collect.accept(rows(em.createNativeQuery(select)));
        } else {
            InList.chunks(ids, chunk -> collect.accept(rows(InList.bind(em.createNativeQuery(select
                    + " AND id IN (" + InList.placeholders(1, chunk.size()) + ")"), 1, chunk))));
        }
        // the batch's order, so that statements and revisions are reproducible
        Map<Long, Long> ordered = new LinkedHashMap<>();
        ids.stream().filter(found::containsKey).forEach(id -> ordered.put(id, found.get(id)));
        return ordered;
    }

    /**
     * The entries' address rows. An address still given was last seen at the domain's previous
     * answer, unless its own row says later (see {@link Edit#retireSources}).
     */
    private Map<Long, List<Source>> sources(Map<Long, Long> previousAnswer) {
        Map<Long, List<Source>> rows = new HashMap<>();
        Consumer<List<Object[]>> collect = found -> {
            for (Object[] r : found) {
                long id = ((Number) r[0]).longValue();
                if (!previousAnswer.containsKey(id)) {
                    continue;
                }
                long lastSeen = ((Number) r[3]).longValue();
                Long expiresAt = r[4] == null ? null : ((Number) r[4]).longValue();
                rows.computeIfAbsent(id, key -> new ArrayList<>()).add(new Source((String) r[1],
                        ((Number) r[2]).longValue(), expiresAt == null ? Math.max(lastSeen, previousAnswer.get(id)) : lastSeen,
                        expiresAt));
            }
        };
        String select = "SELECT a.entry_id, a.cidr, a.first_seen, a.last_seen, a.expires_at FROM eg_address a";
        if (previousAnswer.size() >= WHOLE_TABLE) {
            collect.accept(rows(em.createNativeQuery(select + " JOIN eg_entry e ON e.id = a.entry_id WHERE e.kind = 'DOMAIN'")));
        } else {
            InList.chunks(previousAnswer.keySet(), chunk -> collect.accept(rows(InList.bind(em.createNativeQuery(select
                    + " WHERE a.entry_id IN (" + InList.placeholders(1, chunk.size()) + ")"), 1, chunk))));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    /**
     * A complete answer moves the entry's resolution time — which is also when every address it
     * still gives was last seen, so those rows need no write of their own. A partial answer (one
     * family failed) records the error instead and leaves the time; so does a failure.
     */
    private void recordEntryStatus(Map<Long, Observation> byEntry, Set<Long> alive, Instant now) {
        List<Long> clean = new ArrayList<>();
        Map<String, List<Long>> failed = new LinkedHashMap<>();
        for (long id : alive) {
            Lookup lookup = byEntry.get(id).lookup();
            if (lookup instanceof Lookup.Failed f) {
                failed.computeIfAbsent(truncate(f.message()), m -> new ArrayList<>()).add(id);
            } else if (((Lookup.Answered) lookup).partialError() != null) {
                failed.computeIfAbsent(truncate(((Lookup.Answered) lookup).partialError()), m -> new ArrayList<>()).add(id);
            } else {
                clean.add(id);
            }
        }
        long at = now.toEpochMilli();
        InList.chunks(clean, chunk -> InList.bind(em.createNativeQuery("UPDATE eg_entry SET last_resolved_at = ?1, last_error = NULL"
                + " WHERE id IN (" + InList.placeholders(2, chunk.size()) + ")").setParameter(1, at), 2, chunk).executeUpdate());
        failed.forEach((message, ids) -> InList.chunks(ids, chunk -> InList.bind(em.createNativeQuery(
                        "UPDATE eg_entry SET last_error = ?2, last_error_at = ?1 WHERE id IN ("
                                + InList.placeholders(3, chunk.size()) + ")").setParameter(1, at).setParameter(2, message), 3, chunk)
                .executeUpdate()));
    }

    /** A name reaching the cap, or answering internal addresses, is worth a line in the audit log — once. */
    private void auditNotable(Map<Long, Observation> byEntry, Map<Long, AddressPlan> plans, int cap) {
        plans.forEach((id, plan) -> {
            Observation o = byEntry.get(id);
            if (plan.capped() && !o.wasCapped()) {
                audit.record(ACTOR, "resolver.cap", "DOMAIN " + o.domain(), "answer has " + o.allowed().size()
                        + " address(es); max_addresses_per_domain is " + cap + "; " + plan.droppedAtCap()
                        + " not allowed or removed");
            }
            if (o.newlyInternal()) {
                audit.record(ACTOR, "resolver.internal", "DOMAIN " + o.domain(),
                        "DNS answered internal address(es), never allowed: " + String.join(", ", o.skippedInternal()));
            }
        });
    }

    private static String truncate(String message) {
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
