package io.egressgate.gateway.denials;

import io.egressgate.addresses.Cidr;
import io.egressgate.protocol.DeniedRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The attempts of the current window (a minute), one record per source, destination, protocol, port
 * and kind, at most {@code maxRecords} of them: an attempt that would need a new record in a full
 * table is refused, and the caller counts it as dropped. A spray of sources or ports therefore costs a
 * bounded amount of memory, whatever the kernel lets through.
 */
final class DenialTable {

    private record Key(Cidr source, Cidr destination, String protocol, int port, boolean wouldDeny, long window) {
    }

    private static final class Open {
        final long firstSeen;
        long lastSeen;
        long count;
        String name;

        Open(long firstSeen) {
            this.firstSeen = firstSeen;
            this.lastSeen = firstSeen;
        }
    }

    private final int maxRecords;
    private final long windowSeconds;
    private final NameLookup names;
    private final Map<Key, Open> open = new HashMap<>();

    DenialTable(int maxRecords, long windowSeconds, NameLookup names) {
        if (maxRecords < 1 || windowSeconds < 1) {
            throw new IllegalArgumentException("a table needs room for a record and a window of a second at least");
        }
        this.maxRecords = maxRecords;
        this.windowSeconds = windowSeconds;
        this.names = names;
    }

    /** Counts the attempt; false when it needed a new record and the table is full. */
    synchronized boolean add(DeniedAttempt attempt) {
        Key key = new Key(attempt.source(), attempt.destination(), attempt.protocol(), attempt.port(),
                attempt.wouldDeny(), attempt.epochSecond() / windowSeconds);
        Open record = open.get(key);
        if (record == null) {
            if (open.size() >= maxRecords) {
                return false;
            }
            record = new Open(attempt.epochSecond());
            open.put(key, record);
        }
        record.count++;
        record.lastSeen = Math.max(record.lastSeen, attempt.epochSecond());
        String name = names.lastName(attempt.source(), attempt.destination());
        if (name != null) {
            record.name = name;
        }
        return true;
    }

    /** Takes out the records whose window ended by {@code nowSeconds}; with {@code everything}, all of them. */
    synchronized List<DeniedRecord> take(long nowSeconds, boolean everything) {
        List<DeniedRecord> done = new ArrayList<>();
        Iterator<Map.Entry<Key, Open>> entries = open.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Key, Open> entry = entries.next();
            Key key = entry.getKey();
            if (everything || (key.window() + 1) * windowSeconds <= nowSeconds) {
                Open record = entry.getValue();
                done.add(new DeniedRecord(DeniedAttempt.addressText(key.source()),
                        DeniedAttempt.addressText(key.destination()), key.protocol(), key.port(), record.name,
                        record.firstSeen, record.lastSeen, record.count, key.wouldDeny()));
                entries.remove();
            }
        }
        return done;
    }

    synchronized int size() {
        return open.size();
    }
}
