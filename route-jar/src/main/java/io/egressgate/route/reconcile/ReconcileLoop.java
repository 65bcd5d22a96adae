package io.egressgate.route.reconcile;

import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.routes.Route;
import io.egressgate.route.safety.GatewayCheck;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Reconciles every interval until stopped, so that routes somebody deleted or changed come back.
 * It keeps quiet while nothing drifts and writes one line when it repairs something or fails.
 * When a gateway stops being directly reachable it leaves the table alone (fail static) and says so.
 */
public final class ReconcileLoop {

    private final Reconciler reconciler;
    private final GatewayCheck gatewayCheck;
    private final Duration interval;
    private final Consumer<String> log;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Held for a whole round, so that stopping can wait for a batch in flight instead of cutting it off. */
    private final ReentrantLock round = new ReentrantLock();
    private String lastProblem;
    private List<Route> lastBlocked = List.of();

    public ReconcileLoop(Reconciler reconciler, GatewayCheck gatewayCheck, Duration interval, Consumer<String> log) {
        this.reconciler = reconciler;
        this.gatewayCheck = gatewayCheck;
        this.interval = interval;
        this.log = log;
    }

    /** Runs until {@link #stop()}; the first reconcile happens after one interval. */
    public void run() {
        try {
            while (!stopRequested.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                once();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round, unless the loop was stopped; public so that the first install and the loop report alike. */
    public Optional<ReconcileReport> once() {
        round.lock();
        try {
            if (isStopped()) {
                return Optional.empty();
            }
            Optional<String> refusal = gatewayCheck.refusal();
            if (refusal.isPresent()) {
                problem("leaving the routes as they are: " + refusal.get());
                return Optional.empty();
            }
            ReconcileReport report = reconciler.reconcile();
            describe(report);
            return Optional.of(report);
        } catch (KernelException e) {
            problem("cannot reconcile: " + e.getMessage());
            return Optional.empty();
        } finally {
            round.unlock();
        }
    }

    /**
     * Ends the loop: waits for a round in progress to finish and makes sure no round starts
     * afterwards, so that whatever the caller does next (such as removing the routes) is final.
     */
    public void stop() {
        stopRequested.countDown();
        round.lock();
        round.unlock();
    }

    public boolean isStopped() {
        return stopRequested.getCount() == 0;
    }

    private void describe(ReconcileReport report) {
        if (report.changedSomething()) {
            log.accept(report.summary());
        }
        if (!report.failures().isEmpty()) {
            problem("failed: " + String.join("; ", report.failureLines()));
        }
        if (!report.found().blocked().equals(lastBlocked)) {
            lastBlocked = report.found().blocked();
            lastBlocked.forEach(route -> log.accept("left alone: " + route.destination()
                    + " (metric " + route.metric() + ") is held by a route egress-gate does not own"));
        }
        if (report.converged()) {
            lastProblem = null;
        }
    }

    /** Repeats of the same problem are logged once, not every interval. */
    private void problem(String text) {
        if (!text.equals(lastProblem)) {
            log.accept(text);
            lastProblem = text;
        }
    }
}
