package io.egressgate.gateway.sync;

import io.egressgate.protocol.Delta;
import io.egressgate.protocol.ServerPolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Deltas that continue one another, folded into the one delta that takes a gateway from the first's
 * revision to the last's: a burst of single adds becomes one kernel batch and one read-back. For each
 * address the last word counts, so an address removed and added again within the run is only in
 * {@code add} — it never leaves the kernel, not even for a moment. Folding costs one pass over each delta.
 */
final class DeltaRun {

    private final String epoch;
    private final long fromRevision;
    private long toRevision;
    private final Set<String> add = new LinkedHashSet<>();
    private final Set<String> remove = new LinkedHashSet<>();
    private final Set<String> addNames = new LinkedHashSet<>();
    private final Set<String> removeNames = new LinkedHashSet<>();
    private boolean carriesNames;
    private ServerPolicy policy;
    private List<String> accepts;

    DeltaRun(Delta first) {
        epoch = first.epoch();
        fromRevision = first.fromRevision();
        toRevision = first.fromRevision();
        append(first);
    }

    /** Folds {@code next} in if it continues the run; false (and nothing changes) if it does not. */
    boolean append(Delta next) {
        if (!next.epoch().equals(epoch) || next.fromRevision() != toRevision) {
            return false;
        }
        lastWord(add, remove, next.add(), next.remove());
        if (next.carriesNames()) {
            carriesNames = true;
            lastWord(addNames, removeNames, next.addNames(), next.removeNames());
        }
        if (next.policy() != null) {
            policy = next.policy();
        }
        accepts = next.accepts();
        toRevision = next.toRevision();
        return true;
    }

    Delta delta() {
        return new Delta(epoch, fromRevision, toRevision, new ArrayList<>(add), new ArrayList<>(remove), policy,
                carriesNames ? new ArrayList<>(addNames) : null, carriesNames ? new ArrayList<>(removeNames) : null,
                accepts);
    }

    /** What is added now is no longer removed, and the other way round. */
    private static void lastWord(Set<String> added, Set<String> removed, List<String> adding, List<String> removing) {
        for (String value : removing) {
            added.remove(value);
            removed.add(value);
        }
        for (String value : adding) {
            removed.remove(value);
            added.add(value);
        }
    }
}
