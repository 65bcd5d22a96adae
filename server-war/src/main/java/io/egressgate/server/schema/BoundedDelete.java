package io.egressgate.server.schema;

import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Deletes history older than a retention's cutoff, {@link Retention#BATCH} rows or a few more at a
 * time: the time of the batch's last row bounds the delete, which is portable (H2 and MySQL have no
 * common DELETE ... LIMIT) and never holds a long lock.
 */
public final class BoundedDelete {

    private BoundedDelete() {
    }

    /**
     * @param table  and {@code column} are the caller's constants, never input
     * @param column a time in epoch milliseconds, indexed
     * @return how many rows went
     */
    @SuppressWarnings("unchecked")
    public static int olderThan(EntityManager em, String table, String column, long cutoff) {
        List<Number> last = em.createNativeQuery("SELECT " + column + " FROM " + table + " WHERE " + column
                        + " < ?1 ORDER BY " + column)
                .setParameter(1, cutoff).setFirstResult(Retention.BATCH - 1).setMaxResults(1).getResultList();
        long bound = last.isEmpty() ? cutoff : last.get(0).longValue() + 1;
        return em.createNativeQuery("DELETE FROM " + table + " WHERE " + column + " < ?1").setParameter(1, bound)
                .executeUpdate();
    }
}
