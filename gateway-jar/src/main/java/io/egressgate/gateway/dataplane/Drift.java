package io.egressgate.gateway.dataplane;

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

    /**
     * What kind of thing a repair put back, for the drift metric's label: {@code set} (a set missing,
     * of the wrong type or with other members), {@code policy} (a built-in chain's policy),
     * {@code chain} (the gateway's chain missing or with other rules), {@code jump} (the jump into it).
     * Read from the repair's text, which {@link TableLayout} and {@link IpsetDataplane} write.
     */
    public static String kindOf(String repair) {
        if (repair.startsWith("set ")) {
            return "set";
        }
        if (repair.contains(" policy is ")) {
            return "policy";
        }
        if (repair.contains(" jump")) {
            return "jump";
        }
        return repair.contains(" chain ") ? "chain" : "other";
    }
}
