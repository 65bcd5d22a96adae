package io.egressgate.server.denied;

/**
 * One destination that was denied (or would have been) over the filter's window: its name when a
 * client resolved it through a gateway, the attempts, how many clients and gateways, the last one.
 */
public record BlockedDestination(String destination, String name, long count, long clients, long gateways,
                                 long lastSeen, boolean onlyWouldDeny) {

    /** What an operator's Allow adds: the name the clients asked for when it is known, else the address. */
    public String allowValue() {
        return name != null ? name : destination;
    }
}
