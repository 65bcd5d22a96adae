package io.egressgate.server.resolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one answer changes in a domain's addresses, given the rows it has now. New addresses are
 * added, addresses seen again are refreshed (or renewed, if they were already expiring), and
 * addresses the answer no longer contains are retired: they stay allowed for the grace period.
 * Addresses of a family whose query failed are left as they are.
 *
 * <p>The cap keeps the newest addresses: everything in this answer before anything older, and
 * among the answer, those already allowed before new ones (so that an oversized answer rotating
 * over a larger pool does not churn the allowlist every cycle). Rows beyond the cap go at once.
 *
 * @param insert   answer addresses the domain did not give before
 * @param refresh  answer addresses the domain gives and did not expire: seen again
 * @param renew    answer addresses that were expiring: seen again, expiry cleared
 * @param retire   addresses the answer no longer contains: start their grace period
 * @param drop     rows removed at once because the domain is over the cap
 * @param refused  answer addresses not admitted because of the cap
 */
record AddressPlan(List<String> insert, List<String> refresh, List<String> renew, List<String> retire,
                   List<String> drop, int refused) {

    /** One row of eg_address for this domain. */
    record Source(String cidr, long firstSeen, long lastSeen, Long expiresAt) {
        boolean expiring() {
            return expiresAt != null;
        }
    }

    static AddressPlan of(List<String> answer, Predicate<String> familyKnown, List<Source> rows, int cap) {
        Map<String, Source> current = new LinkedHashMap<>();
        rows.forEach(row -> current.put(row.cidr(), row));
        Set<String> answered = new LinkedHashSet<>(answer);

        List<String> answeredExisting = new ArrayList<>();
        List<String> answeredNew = new ArrayList<>();
        for (String cidr : answered) {
            (current.containsKey(cidr) ? answeredExisting : answeredNew).add(cidr);
        }
        answeredExisting.sort(Comparator.naturalOrder());
        answeredNew.sort(Comparator.naturalOrder());
        List<Source> older = current.values().stream().filter(row -> !answered.contains(row.cidr()))
                .sorted(Comparator.comparingLong(Source::lastSeen).reversed().thenComparing(Source::cidr)).toList();

        List<String> ranked = new ArrayList<>(answeredExisting);
        ranked.addAll(answeredNew);
        older.forEach(row -> ranked.add(row.cidr()));
        Set<String> kept = new HashSet<>(ranked.subList(0, Math.min(cap, ranked.size())));

        List<String> insert = new ArrayList<>();
        List<String> refresh = new ArrayList<>();
        List<String> renew = new ArrayList<>();
        List<String> retire = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        int refused = 0;
        for (String cidr : answeredNew) {
            if (kept.contains(cidr)) {
                insert.add(cidr);
            } else {
                refused++;
            }
        }
        for (String cidr : answeredExisting) {
            if (!kept.contains(cidr)) {
                drop.add(cidr);
            } else if (current.get(cidr).expiring()) {
                renew.add(cidr);
            } else {
                refresh.add(cidr);
            }
        }
        for (Source row : older) {
            if (!kept.contains(row.cidr())) {
                drop.add(row.cidr());
            } else if (!row.expiring() && familyKnown.test(row.cidr())) {
                retire.add(row.cidr());
            }
        }
        return new AddressPlan(insert, refresh, renew, retire, drop, refused);
    }

    /** Whether the set of allowed addresses or their expiry changes (a refresh alone does not). */
    boolean changes() {
        return !insert.isEmpty() || !renew.isEmpty() || !retire.isEmpty() || !drop.isEmpty();
    }

    boolean capped() {
        return refused > 0 || !drop.isEmpty();
    }

    int droppedAtCap() {
        return refused + drop.size();
    }
}
