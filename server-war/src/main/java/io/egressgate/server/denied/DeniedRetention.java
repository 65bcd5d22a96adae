package io.egressgate.server.denied;

import io.egressgate.server.grid.DataGrid;
import io.egressgate.server.schema.Retention;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Deletes denied attempts older than {@code denied_retention} (default 30 days), a bounded batch a minute. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class DeniedRetention {

    private static final Logger LOG = Logger.getLogger(DeniedRetention.class.getName());

    @Inject
    DeniedStore store;

    @Inject
    DataGrid grid;

    @Inject
    @ConfigProperty(name = "egressgate.denied_retention", defaultValue = "30d")
    String configured;

    private Retention retention;

    @PostConstruct
    void readSetting() {
        retention = Retention.ofSetting("denied_retention", configured);
    }

    /** Read by every denied frame: never waits for a pruning run (which holds the singleton's write lock). */
    @Lock(LockType.READ)
    public Retention retention() {
        return retention;
    }

    @Schedule(second = "17", minute = "*", hour = "*", persistent = false, info = "denied retention")
    void prune() {
        if (!grid.leads()) {
            return; // another instance prunes
        }
        int deleted = store.prune(retention.cutoff(System.currentTimeMillis()));
        if (deleted > 0) {
            LOG.info("denied retention: deleted " + deleted + " row(s) older than " + retention.period());
        }
    }
}
