package io.egressgate.server.resolution;

import io.egressgate.server.grid.DataGrid;
import jakarta.annotation.PostConstruct;
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

/**
 * The resolver's clock: a tick every second. Names come due by their own TTLs (bounded by
 * {@code min_ttl} and {@code resolve_interval}), so a second is the resolution of the schedule,
 * not the resolve interval. A tick only launches lookups and hands finished ones to the recording
 * thread, so it is short; should one still be running, the next is skipped rather than stacked.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class ResolutionTimer {

    private static final Logger LOG = Logger.getLogger(ResolutionTimer.class.getName());

    @Inject
    DataGrid grid;

    @Inject
    DomainResolver resolver;

    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean failing;

    /** Reading the settings here makes a bad resolver configuration fail the start, not the first tick. */
    @PostConstruct
    void checkSettings() {
        resolver.settings();
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "resolver tick")
    void tick() {
        if (!grid.leads()) {
            return; // another instance resolves; this one takes over when it leaves the grid
        }
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            resolver.tick();
            if (failing) {
                LOG.info("resolver ticks work again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) { // once per outage, not every second
                LOG.log(Level.WARNING, "resolver tick failed; every next tick tries again", e);
            }
            failing = true;
        } finally {
            ticking.set(false);
        }
    }
}
