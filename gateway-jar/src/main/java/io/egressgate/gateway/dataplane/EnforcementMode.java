package io.egressgate.gateway.dataplane;

import java.util.Locale;

/**
 * What the gateway does with a new connection the allowlist does not allow: {@link #ENFORCE} drops
 * it, {@link #REPORT} lets it through and records it as would-deny, so an allowlist can be tried on
 * live traffic before it is enforced. Internal destinations are treated the same in both.
 */
public enum EnforcementMode {
    ENFORCE, REPORT;

    /** The flag's value and the word on the wire ({@code hello}'s mode) and in metrics. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code -mode}; anything but enforce or report is refused with the values that work. */
    public static EnforcementMode parse(String text) {
        for (EnforcementMode mode : values()) {
            if (mode.word().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("-mode must be enforce or report, was '"
                + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
    }
}
