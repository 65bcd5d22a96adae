package io.egressgate.dataplane;

import java.util.List;

/** What a reconcile found different from the desired state and put back; empty when nothing had drifted. */
public record Drift(List<String> repairs) {

    public Drift {
        repairs = List.copyOf(repairs);
    }

    public static Drift none() {
        return new Drift(List.of());
    }

    public boolean found() {
        return !repairs.isEmpty();
    }
}
