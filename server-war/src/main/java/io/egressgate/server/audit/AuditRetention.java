package io.egressgate.server.audit;

import io.egressgate.server.grid.DataGrid;
import io.egressgate.server.schema.BoundedDelete;
import io.egressgate.server.schema.Retention;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Deletes audit records older than {@code audit_retention} (default 365 days), a bounded batch a minute. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    DataGrid grid;

    @Inject
    @ConfigProperty(name = "egressgate.audit_retention", defaultValue = "365d")
    String configured;

    private Retention retention;

    @PostConstruct
    void readSetting() {
        retention = Retention.ofSetting("audit_retention", configured);
    }

    @Schedule(second = "7", minute = "*", hour = "*", persistent = false, info = "audit retention")
    void prune() {
        if (!grid.leads()) {
            return; // another instance prunes
        }
        int deleted = BoundedDelete.olderThan(em, "eg_audit", "at", retention.cutoff(System.currentTimeMillis()));
        if (deleted > 0) {
            LOG.info("audit retention: deleted " + deleted + " record(s) older than " + retention.period());
        }
    }
}
