package io.egressgate.server.allowlist;

import io.egressgate.server.query.Like;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The change log read back for people: which revisions changed what, and why. */
@ApplicationScoped
public class History {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    /** One revision: when, its cause as the writer gave it, and the addresses and names it added and removed. */
    public record RevisionRecord(long revision, long createdAt, String cause, List<String> added, List<String> removed) {
    }

    /**
     * The newest revisions whose cause names {@code subject} (an entry's value: "add example.com",
     * or a resolver's "resolve example.com"), each with its changes.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<RevisionRecord> mentioning(String subject, int limit) {
        List<Object[]> revisions = em.createNativeQuery(
                        "SELECT revision, created_at, cause FROM eg_revision WHERE cause LIKE ?1" + Like.ESCAPE + " "
                                + "ORDER BY revision DESC")
                .setParameter(1, Like.containing(subject))
                .setMaxResults(limit).getResultList();
        Map<Long, RevisionRecord> records = new LinkedHashMap<>();
        for (Object[] row : revisions) {
            long revision = ((Number) row[0]).longValue();
            if (mentionsWhole((String) row[2], subject)) {
                records.put(revision, new RevisionRecord(revision, ((Number) row[1]).longValue(), (String) row[2],
                        new ArrayList<>(), new ArrayList<>()));
            }
        }
        for (RevisionRecord record : records.values()) {
            // a name travels to gateways as an address does, and "+ *.example.com" is what its revision did
            List<Object[]> changes = em.createNativeQuery(
                            "SELECT cidr, op FROM eg_change WHERE revision = ?1"
                                    + " UNION ALL SELECT name, op FROM eg_name_change WHERE revision = ?1 ORDER BY 1")
                    .setParameter(1, record.revision()).getResultList();
            for (Object[] change : changes) {
                ("A".equals(String.valueOf(change[1]).trim()) ? record.added() : record.removed()).add((String) change[0]);
            }
        }
        return List.copyOf(records.values());
    }

    /** "add www.example.com" mentions www.example.com, not example.com. */
    private static boolean mentionsWhole(String cause, String subject) {
        int at = cause.indexOf(subject);
        while (at >= 0) {
            boolean startOk = at == 0 || " ([,:".indexOf(cause.charAt(at - 1)) >= 0;
            int end = at + subject.length();
            boolean endOk = end == cause.length() || " )],:;".indexOf(cause.charAt(end)) >= 0;
            if (startOk && endOk) {
                return true;
            }
            at = cause.indexOf(subject, at + 1);
        }
        return false;
    }
}
