package io.egressgate.server.denied;

/**
 * Screened attempts of one minute from one client to one destination port, as stored: canonical
 * addresses, a bounded protocol, a valid name or none, times in epoch milliseconds on the server's clock.
 */
record Attempts(long minuteAt, HostAddress source, HostAddress destination, String protocol, int port,
                boolean wouldDeny, String name, long count, long firstSeen, long lastSeen) {

    static final long MINUTE = 60_000;

    /** What makes one row: the same attempt reported twice adds up. */
    record Key(long minuteAt, HostAddress source, HostAddress destination, String protocol, int port,
               boolean wouldDeny) {
    }

    Key key() {
        return new Key(minuteAt, source, destination, protocol, port, wouldDeny);
    }

    /** Both reports of the same key as one: counts added, the wider time span, the newer name when there is one. */
    Attempts plus(Attempts later) {
        return new Attempts(minuteAt, source, destination, protocol, port, wouldDeny,
                later.name != null ? later.name : name, Math.addExact(count, later.count),
                Math.min(firstSeen, later.firstSeen), Math.max(lastSeen, later.lastSeen));
    }
}
