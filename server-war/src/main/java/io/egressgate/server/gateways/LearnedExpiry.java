package io.egressgate.server.gateways;

import io.egressgate.server.grid.DataGrid;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Takes learned addresses off the allowlist once they expire, checking every second as the
 * resolver's grace periods are: an expiry shows at gateways as a delta {@code remove} within about a
 * second (a gateway keeps flows in flight by itself). An idle second is one indexed read and no lock.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class LearnedExpiry {

    private static final Logger LOG = Logger.getLogger(LearnedExpiry.class.getName());

    @Inject
    DataGrid grid;

    @Inject
    LearnedRecorder recorder;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean failing;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "learned address expiry")
    void expire() {
        if (!grid.leads()) {
            return; // another instance expires them
        }
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            if (recorder.anyExpired(now)) {
                metrics.counter("egressgate_learned_addresses_expired").inc(recorder.removeExpired(now));
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) { // once per outage, not every second
                LOG.log(Level.WARNING, "expiring learned addresses failed; every next second tries again", e);
            }
            failing = true;
        } finally {
            running.set(false);
        }
    }
}
