package io.egressgate.server.resolution;

import io.egressgate.server.allowlist.Edit;
import io.egressgate.server.allowlist.Ledger;
import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.resolution.AddressPlan.Source;
import io.egressgate.server.schema.InList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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

/**
 * Records a batch of lookups in one transaction: one allowlist revision for the whole batch (none
 * when no address joins or leaves the effective set), the entries' resolution time or error, and
 * the removal of every address whose grace period has ended. Statements are batched per 500
 * entries, so an unchanged cycle of 10,000 names costs a few dozen statements, not 10,000.
 */
@ApplicationScoped
public class ResolutionRecorder {

    private static final String ACTOR = "resolver";

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

    @Transactional
    public Recorded record(List<Observation> observations, Instant now, Duration grace, int cap) {
        if (observations.isEmpty() && !anyExpired(now)) {
            return Recorded.nothing();
        }
        Edit edit = ledger.open(observations.isEmpty() ? "resolver: grace periods ended"
                : "resolver: " + observations.size() + " name(s) resolved");
        Map<Long, Observation> byEntry = new LinkedHashMap<>();
        observations.forEach(o -> byEntry.put(o.entryId(), o));
        Set<Long> alive = existing(byEntry.keySet());
        Set<Long> gone = new HashSet<>(byEntry.keySet());
        gone.removeAll(alive);
        Map<Long, List<Source>> rows = sources(alive);

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
        List<Long> fullyKnown = new ArrayList<>();
        plans.forEach((id, plan) -> {
            Lookup.Answered answered = (Lookup.Answered) byEntry.get(id).lookup();
            edit.removeSources(id, plan.drop());
            edit.retireSources(id, plan.retire(), grace);
            edit.renewSources(id, plan.renew(), now);
            edit.addNewSources(id, plan.insert(), now);
            if (answered.ipv4Known() && answered.ipv6Known()) {
                fullyKnown.add(id);
            } else {
                edit.renewSources(id, plan.refresh(), now);
            }
        });
        edit.refreshSources(fullyKnown, now);
        recordEntryStatus(byEntry, alive, now);
        auditNotable(byEntry, plans, cap);
        int expired = edit.removeExpired(now);
        return new Recorded(edit.close(), plans, gone, expired);
    }

    private boolean anyExpired(Instant now) {
        Number soonest = (Number) em.createNativeQuery(
                "SELECT MIN(expires_at) FROM eg_address WHERE expires_at IS NOT NULL").getSingleResult();
        return soonest != null && soonest.longValue() <= now.toEpochMilli();
    }

    private Set<Long> existing(Collection<Long> ids) {
        Set<Long> alive = new LinkedHashSet<>();
        InList.chunks(ids, chunk -> {
            @SuppressWarnings("unchecked")
            List<Object> found = InList.bind(em.createNativeQuery("SELECT id FROM eg_entry WHERE kind = 'DOMAIN' AND id IN ("
                    + InList.placeholders(1, chunk.size()) + ")"), 1, chunk).getResultList();
            found.forEach(id -> alive.add(((Number) id).longValue()));
        });
        // keep the batch's order, so statements and revisions are reproducible
        Set<Long> ordered = new LinkedHashSet<>(ids);
        ordered.retainAll(alive);
        return ordered;
    }

    private Map<Long, List<Source>> sources(Collection<Long> ids) {
        Map<Long, List<Source>> rows = new HashMap<>();
        InList.chunks(ids, chunk -> {
            @SuppressWarnings("unchecked")
            List<Object[]> found = InList.bind(em.createNativeQuery(
                    "SELECT entry_id, cidr, first_seen, last_seen, expires_at FROM eg_address WHERE entry_id IN ("
                            + InList.placeholders(1, chunk.size()) + ")"), 1, chunk).getResultList();
            for (Object[] r : found) {
                rows.computeIfAbsent(((Number) r[0]).longValue(), id -> new ArrayList<>())
                        .add(new Source((String) r[1], ((Number) r[2]).longValue(), ((Number) r[3]).longValue(),
                                r[4] == null ? null : ((Number) r[4]).longValue()));
            }
        });
        return rows;
    }

    /** Last resolution time, or the error and its time; a partial answer records both. */
    private void recordEntryStatus(Map<Long, Observation> byEntry, Set<Long> alive, Instant now) {
        List<Long> clean = new ArrayList<>();
        Map<String, List<Long>> partial = new LinkedHashMap<>();
        Map<String, List<Long>> failed = new LinkedHashMap<>();
        for (long id : alive) {
            Lookup lookup = byEntry.get(id).lookup();
            if (lookup instanceof Lookup.Failed f) {
                failed.computeIfAbsent(truncate(f.message()), m -> new ArrayList<>()).add(id);
            } else if (((Lookup.Answered) lookup).partialError() != null) {
                partial.computeIfAbsent(truncate(((Lookup.Answered) lookup).partialError()), m -> new ArrayList<>()).add(id);
            } else {
                clean.add(id);
            }
        }
        long at = now.toEpochMilli();
        InList.chunks(clean, chunk -> InList.bind(em.createNativeQuery("UPDATE eg_entry SET last_resolved_at = ?1, last_error = NULL"
                + " WHERE id IN (" + InList.placeholders(2, chunk.size()) + ")").setParameter(1, at), 2, chunk).executeUpdate());
        partial.forEach((message, ids) -> InList.chunks(ids, chunk -> InList.bind(em.createNativeQuery(
                        "UPDATE eg_entry SET last_resolved_at = ?1, last_error = ?2, last_error_at = ?1 WHERE id IN ("
                                + InList.placeholders(3, chunk.size()) + ")").setParameter(1, at).setParameter(2, message), 3, chunk)
                .executeUpdate()));
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
