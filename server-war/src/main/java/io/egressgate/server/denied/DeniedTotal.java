package io.egressgate.server.denied;

/**
 * What one client tried to reach through one gateway over the filter's window: the attempts on one
 * destination port, summed over the minutes. Times are epoch milliseconds on the server's clock.
 */
public record DeniedTotal(String source, String destination, int port, String protocol, String name,
                          String gatewayId, String gateway, long count, long firstSeen, long lastSeen,
                          boolean wouldDeny) {
}
