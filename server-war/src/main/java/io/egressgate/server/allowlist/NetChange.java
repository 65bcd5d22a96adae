package io.egressgate.server.allowlist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a set of values (addresses, or names) comes to after some changes: the values to add and the
 * values to remove, never both for one value. Pure, so that the two places it is computed — an
 * edit's before/after comparison and the change log between two revisions — are tested without a
 * database.
 */
record NetChange(List<String> add, List<String> remove) {

    /** One row of the change log: {@code op} is "A" (added) or "R" (removed). */
    record Logged(String value, String op) {
    }

    NetChange {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
    }

    /**
     * Rows in revision order come to each value's last operation: whatever the gateway had before,
     * applying the result leaves it where applying every row in turn would.
     */
    static NetChange collapse(List<Logged> rowsInRevisionOrder) {
        Map<String, String> last = new LinkedHashMap<>();
        for (Logged row : rowsInRevisionOrder) {
            last.remove(row.value()); // re-inserted: the order of the result follows the last operation
            last.put(row.value(), row.op().trim());
        }
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        last.forEach((value, op) -> ("A".equals(op) ? add : remove).add(value));
        return new NetChange(add, remove);
    }

    /**
     * The difference between each touched value's membership before ({@code before}: value → member)
     * and the members after: a value in the set before and after, however its rows changed meanwhile,
     * is in neither list.
     */
    static NetChange between(Map<String, Boolean> before, Set<String> after) {
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        before.forEach((value, wasMember) -> {
            boolean isMember = after.contains(value);
            if (isMember && !wasMember) {
                add.add(value);
            } else if (!isMember && wasMember) {
                remove.add(value);
            }
        });
        return new NetChange(add, remove);
    }

    boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty();
    }
}
