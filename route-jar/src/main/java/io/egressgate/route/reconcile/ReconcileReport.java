package io.egressgate.route.reconcile;

import io.egressgate.route.routes.RouteDiff;

import java.time.Duration;
import java.util.List;

/**
 * One reconcile: the difference found on first reading the kernel, what was still different after
 * applying (normally nothing), the batch lines that failed, how long it all took, and how many
 * {@code ip -batch} runs it needed.
 */
public record ReconcileReport(RouteDiff found, int unresolved, List<String> failures, Duration took, int batches) {

    public ReconcileReport {
        failures = List.copyOf(failures);
    }

    public boolean changedSomething() {
        return !found.isEmpty();
    }

    public boolean converged() {
        return unresolved == 0 && failures.isEmpty();
    }

    /** "added 31, replaced 0, removed 0 routes in 14 ms" — the words an operator reads in the journal. */
    public String summary() {
        String text = "added " + found.missing().size() + ", replaced " + found.changed().size()
                + ", removed " + found.extra().size() + " routes in " + took.toMillis() + " ms";
        if (unresolved > 0) {
            text += "; " + unresolved + " still differ";
        }
        return text;
    }
}
