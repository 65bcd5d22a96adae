package io.egressgate.protocol;

import java.util.Objects;

/** A CIDR the gateway did not apply, and why (bad syntax, internal range, kernel refused it). */
public record Skipped(String cidr, String reason) {

    public Skipped {
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(reason, "reason");
    }
}
