package io.egressgate.server.security;

import java.util.Locale;

/**
 * admin may change, viewer may read, gateway may only open the gateway channel, metrics may only
 * scrape the server's /metrics (a Prometheus credential that reads nothing else).
 */
public enum Role {
    ADMIN, VIEWER, GATEWAY, METRICS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        if (text != null) {
            for (Role role : values()) {
                if (role.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of admin, viewer, gateway, metrics, not '" + text + "'");
    }
}
