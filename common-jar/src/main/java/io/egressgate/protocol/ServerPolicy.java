package io.egressgate.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The server's additions to the built-in allowlist policy, sent with snapshots and deltas (field
 * {@code policy}) so that a gateway screens with the union of its own policy and the server's: the
 * operator's extra internal ranges and the CIDR prefix floors. Only ever narrows what a gateway
 * accepts; the CIDR texts are parsed by the gateway, which ignores one it cannot read.
 *
 * <p>On the wire an object with {@code version} {@value #VERSION}. A later version may add fields but
 * keeps these with their meaning, so a gateway reads the fields it knows from any version.
 */
public record ServerPolicy(List<String> internalRanges, int cidrFloorV4, int cidrFloorV6) {

    public static final int VERSION = 1;

    public ServerPolicy {
        internalRanges = List.copyOf(Objects.requireNonNull(internalRanges, "internalRanges"));
        if (cidrFloorV4 < 0 || cidrFloorV4 > 32) {
            throw new IllegalArgumentException("cidrFloorV4 must be a prefix length from 0 to 32, was " + cidrFloorV4);
        }
        if (cidrFloorV6 < 0 || cidrFloorV6 > 128) {
            throw new IllegalArgumentException("cidrFloorV6 must be a prefix length from 0 to 128, was " + cidrFloorV6);
        }
    }
}
