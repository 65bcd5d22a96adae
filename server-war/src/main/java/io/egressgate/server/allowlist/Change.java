package io.egressgate.server.allowlist;

import java.util.List;

/**
 * The net change of the effective set between two revisions, and of the names gateways allow
 * (domains and {@code *.} wildcards) beside it.
 */
public record Change(Version from, long toRevision, List<String> add, List<String> remove, List<String> addNames,
                     List<String> removeNames) {

    public Change {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
        addNames = List.copyOf(addNames);
        removeNames = List.copyOf(removeNames);
    }

    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty() && addNames.isEmpty() && removeNames.isEmpty();
    }
}
