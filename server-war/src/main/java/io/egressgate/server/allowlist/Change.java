package io.egressgate.server.allowlist;

import java.util.List;

/** The net change of the effective set between two revisions. */
public record Change(Version from, long toRevision, List<String> add, List<String> remove) {

    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty();
    }
}
