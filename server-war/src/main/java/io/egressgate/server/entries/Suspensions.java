package io.egressgate.server.entries;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.server.allowlist.Edit;
import io.egressgate.server.allowlist.Ledger;
import io.egressgate.server.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Applies the policy as configured now to what was stored under an earlier one. An IP or CIDR entry
 * the policy refuses (inside a range added to {@code internal_ranges} or to the built-in list, or
 * broader than a raised floor) is kept but suspended: its address leaves the effective set, and it is
 * published again once the policy accepts it. A domain's resolved addresses that the policy refuses
 * are taken out (the resolver skips them from then on), and so are addresses gateways learned that it
 * refuses (the server refuses them when reported again). All of it is one revision of the change log,
 * so gateways get it as a delta.
 */
@ApplicationScoped
public class Suspensions {

    private static final Logger LOG = Logger.getLogger(Suspensions.class.getName());
    private static final String ACTOR = "server";

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    Ledger ledger;

    @Inject
    AuditLog audit;

    /** How many entries a review suspended and published again, and how many resolved addresses it took out. */
    public record Outcome(int suspended, int resumed, int domainAddressesRemoved) {
    }

    @Transactional
    public Outcome review(AllowlistPolicy policy) {
        Edit edit = ledger.open("policy review at start");
        int suspended = 0;
        int resumed = 0;
        List<Entry> addressEntries = em.createQuery("SELECT e FROM Entry e WHERE e.kind IN :addresses", Entry.class)
                .setParameter("addresses", List.of(EntryKind.IP, EntryKind.CIDR)).getResultList();
        for (Entry entry : addressEntries) {
            Cidr cidr = Cidr.parse(entry.value());
            Optional<String> refusal = policy.rejection(cidr);
            if (refusal.isPresent() && !refusal.get().equals(entry.suspendedReason())) {
                boolean wasPublished = !entry.suspended();
                edit.removeSourcesOf(entry.id());
                entry.suspend(refusal.get());
                if (wasPublished) {
                    suspended++;
                    LOG.warning(() -> "entry " + entry.id() + " (" + entry.value() + ") suspended: " + refusal.get());
                    audit.record(ACTOR, "entry.suspend", entry.kind() + " " + entry.value(), refusal.get());
                }
            } else if (refusal.isEmpty() && entry.suspended()) {
                entry.resume();
                edit.addSource(cidr.toString(), entry.id(), Instant.now());
                resumed++;
                LOG.info(() -> "entry " + entry.id() + " (" + entry.value() + ") published again: the policy accepts it");
                audit.record(ACTOR, "entry.resume", entry.kind() + " " + entry.value(), "the policy accepts it again");
            }
        }
        int removed = removeRefusedDomainAddresses(edit, policy);
        removeRefusedLearnedAddresses(edit, policy);
        edit.close();
        return new Outcome(suspended, resumed, removed);
    }

    private void removeRefusedLearnedAddresses(Edit edit, AllowlistPolicy policy) {
        @SuppressWarnings("unchecked")
        List<String> cidrs = em.createNativeQuery("SELECT DISTINCT cidr FROM eg_learned_address").getResultList();
        List<String> refused = cidrs.stream().filter(cidr -> policy.rejection(Cidr.parse(cidr)).isPresent()).toList();
        if (!refused.isEmpty()) {
            edit.removeLearned(refused);
            LOG.warning(() -> refused.size() + " learned address(es) are internal under the current policy and were"
                    + " taken off the allowlist: " + refused);
        }
    }

    private int removeRefusedDomainAddresses(Edit edit, AllowlistPolicy policy) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT a.entry_id, a.cidr FROM eg_address a"
                + " JOIN eg_entry e ON e.id = a.entry_id WHERE e.kind = 'DOMAIN'").getResultList();
        Map<Long, List<String>> refused = new TreeMap<>();
        for (Object[] row : rows) {
            String cidr = (String) row[1];
            if (policy.rejection(Cidr.parse(cidr)).isPresent()) {
                refused.computeIfAbsent(((Number) row[0]).longValue(), id -> new ArrayList<>()).add(cidr);
            }
        }
        refused.forEach(edit::removeSources);
        int removed = refused.values().stream().mapToInt(List::size).sum();
        if (removed > 0) {
            LOG.warning(() -> removed + " resolved address(es) of domains are internal under the current policy"
                    + " and were taken off the allowlist: " + refused);
        }
        return removed;
    }
}
