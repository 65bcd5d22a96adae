package io.egressgate.gateway.dns;

import io.egressgate.addresses.Cidr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The name each client last resolved to each address through the forwarder, allowed or not, so that a
 * denied connection can say which name the client was after. The least recently answered pairs go first
 * past {@code maxPairs}: a client resolving a million names costs a bounded amount of memory.
 */
public final class ResolvedNames {

    public static final int DEFAULT_MAX_PAIRS = 65_536;

    private record Pair(Cidr client, Cidr address) {
    }

    private final Map<Pair, String> names;

    public ResolvedNames(int maxPairs) {
        this.names = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Pair, String> eldest) {
                return size() > maxPairs;
            }
        };
    }

    void answered(Cidr client, String name, List<AnsweredAddress> addresses) {
        synchronized (names) {
            for (AnsweredAddress address : addresses) {
                names.put(new Pair(client, address.address()), name);
            }
        }
    }

    /** The name {@code client} last resolved to {@code address}, or null. */
    public String lastName(Cidr client, Cidr address) {
        synchronized (names) {
            return names.get(new Pair(client, address));
        }
    }

    int size() {
        synchronized (names) {
            return names.size();
        }
    }
}
