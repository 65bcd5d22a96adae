package io.egressgate.server.allowlist;

import io.egressgate.server.grid.DataGrid;
import io.egressgate.server.schema.Retention;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes revisions older than {@code change_log_retention} (default 30 days), a bounded batch a
 * minute, and raises the log floor to the newest pruned revision: {@link Allowlist#changesSince}
 * answers a gateway below the floor with a snapshot instead of a delta missing those changes.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class ChangeLogRetention {

    private static final Logger LOG = Logger.getLogger(ChangeLogRetention.class.getName());

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    DataGrid grid;

    @Inject
    @ConfigProperty(name = "egressgate.change_log_retention", defaultValue = "30d")
    String configured;

    private Retention retention;

    @PostConstruct
    void readSetting() {
        retention = Retention.ofSetting("change_log_retention", configured);
    }

    /** In the timer's transaction; the state lock keeps it out of the way of a change being written. */
    @Schedule(second = "7", minute = "*", hour = "*", persistent = false, info = "change log retention")
    @SuppressWarnings("unchecked")
    void prune() {
        if (!grid.leads()) {
            return; // another instance prunes
        }
        List<Number> old = em.createNativeQuery("SELECT revision FROM eg_revision WHERE created_at < ?1 ORDER BY revision")
                .setParameter(1, retention.cutoff(System.currentTimeMillis())).setMaxResults(Retention.BATCH).getResultList();
        if (old.isEmpty()) {
            return;
        }
        long upTo = old.get(old.size() - 1).longValue();
        em.find(AllowlistState.class, AllowlistState.ID, LockModeType.PESSIMISTIC_WRITE);
        // the floor first: a reader that finds its changes gone also finds the floor raised
        em.createNativeQuery("UPDATE eg_allowlist_state SET log_floor = ?1 WHERE id = ?2 AND log_floor < ?1")
                .setParameter(1, upTo).setParameter(2, AllowlistState.ID).executeUpdate();
        int changes = em.createNativeQuery("DELETE FROM eg_change WHERE revision <= ?1").setParameter(1, upTo).executeUpdate();
        em.createNativeQuery("DELETE FROM eg_name_change WHERE revision <= ?1").setParameter(1, upTo).executeUpdate();
        em.createNativeQuery("DELETE FROM eg_revision WHERE revision <= ?1").setParameter(1, upTo).executeUpdate();
        LOG.info("change log retention: pruned " + old.size() + " revision(s) up to " + upTo + " (" + changes
                + " change row(s)), older than " + retention.period());
    }
}
