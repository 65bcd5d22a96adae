package io.egressgate.route.reconcile;

import io.egressgate.route.kernel.BatchOutcome;
import io.egressgate.route.kernel.BatchOutcome.Failure;
import io.egressgate.route.routes.RouteDiff;

import java.time.Duration;
import java.util.List;

/**
 * One reconcile: the difference found on first reading the kernel, what still differed when the
 * table was read back (normally nothing), the batch lines that failed, how long it all took, and
 * how many {@code ip -batch} runs it needed.
 */
public record ReconcileReport(RouteDiff found, RouteDiff remaining, List<Failure> failures, Duration took,
                              int batches) {

    public ReconcileReport {
        failures = List.copyOf(failures);
    }

    public boolean changedSomething() {
        return !found.isEmpty();
    }

    public int unresolved() {
        return remaining.changes();
    }

    public boolean converged() {
        return remaining.isEmpty() && failures.isEmpty();
    }

    /** Whether the round achieved nothing at all, which a retry in the same way will not change. */
    public boolean changedNothingThatWasNeeded() {
        return found.changes() > 0 && unresolved() >= found.changes();
    }

    public boolean deniedPermission() {
        return failures.stream().anyMatch(failure -> failure.reason().contains("Operation not permitted"));
    }

    /** "added 31, replaced 0, removed 0 routes in 14 ms" — the words an operator reads in the journal. */
    public String summary() {
        String text = "added " + done(found.missing().size(), remaining.missing().size())
                + ", replaced " + done(found.changed().size(), remaining.changed().size())
                + ", removed " + done(found.extra().size(), remaining.extra().size())
                + " routes in " + took.toMillis() + " ms";
        return unresolved() == 0 ? text : text + "; " + unresolved() + " could not be changed";
    }

    /** The failures, one line per distinct reason. */
    public List<String> failureLines() {
        return BatchOutcome.summarise(failures);
    }

    private static int done(int found, int remaining) {
        return Math.max(0, found - remaining);
    }
}
