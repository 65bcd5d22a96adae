package io.egressgate.server.resolution;

import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The names launched together by one tick (or one API call), followed until the last of them is
 * recorded. Lookups are recorded in batches as they finish, so a cycle may span a few revisions;
 * a slow name delays only its own cycle's end, never the other names' recording.
 */
final class Cycle {

    /** What one cycle did; times in milliseconds. */
    record Report(long id, String trigger, long startedAt, int names, int answered, int failed, int changedNames,
                  int addressesAdded, int addressesRetired, int addressesExpired, int droppedAtCap,
                  int skippedInternal, List<Long> revisions, int recordings, long durationMs, long lookupMs,
                  long slowestLookupMs, long recordMs) {
    }

    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    final String trigger;
    final long startedAt = System.currentTimeMillis();
    final long startedNanos = System.nanoTime();
    final CompletableFuture<Report> done = new CompletableFuture<>();
    private final AtomicInteger names = new AtomicInteger();
    private final AtomicInteger unrecorded = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile long lookupsDoneNanos;
    private final AtomicLong slowestLookupNanos = new AtomicLong();

    // written by the single recording thread only
    private int answered;
    private int failed;
    private int changedNames;
    private int addressesAdded;
    private int addressesRetired;
    private int addressesExpired;
    private int droppedAtCap;
    private int skippedInternal;
    private int recordings;
    private long recordNanos;
    private final TreeSet<Long> revisions = new TreeSet<>();

    /** A cycle that had nothing to resolve (every name was already being looked up, or there are none). */
    static Report nothing(String trigger) {
        return new Report(0, trigger, System.currentTimeMillis(), 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0);
    }

    Cycle(String trigger) {
        this.trigger = trigger;
    }

    void added() {
        names.incrementAndGet();
        unrecorded.incrementAndGet();
        unanswered.incrementAndGet();
    }

    int size() {
        return names.get();
    }

    /** True when this was the cycle's last lookup to finish. */
    boolean lookupFinished(long tookNanos) {
        slowestLookupNanos.accumulateAndGet(tookNanos, Math::max);
        if (unanswered.decrementAndGet() == 0) {
            lookupsDoneNanos = System.nanoTime();
            return true;
        }
        return false;
    }

    /** Counts one recording batch that carried names of this cycle. */
    void recording(OptionalLong revision, int expired, long tookNanos) {
        recordings++;
        recordNanos += tookNanos;
        addressesExpired += expired;
        revision.ifPresent(revisions::add);
    }

    /** Counts one recorded name; returns the report when it was the cycle's last, else null. */
    Report recorded(Lookup lookup, AddressPlan plan, int skipped) {
        if (lookup instanceof Lookup.Answered) {
            answered++;
        } else {
            failed++;
        }
        skippedInternal += skipped;
        if (plan != null) {
            changedNames += plan.changes() ? 1 : 0;
            addressesAdded += plan.insert().size();
            addressesRetired += plan.retire().size();
            droppedAtCap += plan.droppedAtCap();
        }
        if (unrecorded.decrementAndGet() != 0) {
            return null;
        }
        long now = System.nanoTime();
        Report report = new Report(id, trigger, startedAt, names.get(), answered, failed, changedNames,
                    addressesAdded, addressesRetired, addressesExpired, droppedAtCap, skippedInternal,
                    List.copyOf(revisions), recordings, millis(now - startedNanos),
                    millis((lookupsDoneNanos == 0 ? now : lookupsDoneNanos) - startedNanos),
                millis(slowestLookupNanos.get()), millis(recordNanos));
        done.complete(report);
        return report;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
