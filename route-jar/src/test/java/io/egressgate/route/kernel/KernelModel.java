package io.egressgate.route.kernel;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import io.egressgate.route.routes.RouteTable;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory kernel for unit tests. It understands exactly the batch lines egress-gate writes and
 * copies the kernel behaviour that matters for ownership: {@code replace} overwrites whatever route
 * has the same destination and metric, {@code del} only removes a route with the given protocol,
 * and an IPv4 {@code del ... metric 0} takes the lowest-metric match.
 */
public class KernelModel implements KernelRoutes {

    private final Map<Long, List<KernelRoute>> tables = new HashMap<>();
    private final Set<InetAddress> unreachableNextHops = new HashSet<>();
    private final Map<InetAddress, RouteLookup> lookups = new HashMap<>();
    private int batches;
    private int reads;

    public synchronized KernelModel add(RouteTable table, KernelRoute route) {
        table(table.id()).add(route);
        return this;
    }

    /** Next hops the kernel refuses ("Nexthop has invalid gateway"). */
    public synchronized KernelModel refuseNextHop(InetAddress gateway) {
        unreachableNextHops.add(gateway);
        return this;
    }

    public synchronized KernelModel answerLookup(RouteLookup lookup) {
        lookups.put(lookup.destination(), lookup);
        return this;
    }

    /** Removes routes as somebody else on the host would (`ip route del`). */
    public synchronized void removeIf(RouteTable table, java.util.function.Predicate<KernelRoute> condition) {
        table(table.id()).removeIf(condition);
    }

    public synchronized List<KernelRoute> all(RouteTable table) {
        return List.copyOf(table(table.id()));
    }

    public synchronized int batches() {
        return batches;
    }

    public synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized List<KernelRoute> routes(IpFamily family, RouteTable table) {
        reads++;
        return table(table.id()).stream().filter(route -> route.destination().isIpv6() == family.isIpv6()).toList();
    }

    @Override
    public synchronized BatchOutcome apply(List<String> batchLines) {
        batches++;
        StringBuilder stderr = new StringBuilder();
        for (int i = 0; i < batchLines.size(); i++) {
            Optional<String> error = execute(batchLines.get(i));
            error.ifPresent(reason -> stderr.append(reason).append('\n'));
            int lineNumber = i + 1;
            error.ifPresent(reason -> stderr.append("Command failed -:").append(lineNumber).append('\n'));
        }
        return BatchOutcome.of(stderr.length() == 0 ? 0 : 1, stderr.toString(), batchLines);
    }

    @Override
    public synchronized RouteLookup lookup(InetAddress destination, String device) {
        return lookups.getOrDefault(destination, new RouteLookup(destination, null, device == null ? "eth0" : device,
                false, null));
    }

    private Optional<String> execute(String line) {
        String[] words = line.split(" ");
        if (words.length < 3 || !words[0].equals("route")) {
            return Optional.of("Object \"" + words[0] + "\" is unknown");
        }
        Map<String, String> args = new HashMap<>();
        for (int i = 3; i + 1 < words.length; i += 2) {
            args.put(words[i], words[i + 1]);
        }
        Cidr destination = Cidr.parse(words[2]);
        List<KernelRoute> table = table(Long.parseLong(args.getOrDefault("table", "254")));
        long metric = Long.parseLong(args.getOrDefault("metric", "0"));
        int protocol = Integer.parseInt(args.getOrDefault("proto", "3"));
        switch (words[1]) {
            case "replace" -> {
                InetAddress gateway = Cidr.parse(args.get("via")).address();
                if (unreachableNextHops.contains(gateway)) {
                    return Optional.of("Error: Nexthop has invalid gateway.");
                }
                long effectiveMetric = destination.isIpv6() && metric == 0 ? 1024 : metric;
                table.removeIf(route -> route.destination().equals(destination) && route.metric() == effectiveMetric);
                table.add(new KernelRoute(destination, effectiveMetric, protocol, gateway, args.getOrDefault("dev", "eth0"),
                        true));
                return Optional.empty();
            }
            case "del" -> {
                Optional<KernelRoute> victim = table.stream()
                        .filter(route -> route.destination().equals(destination))
                        .filter(route -> route.protocol() == protocol)
                        .filter(route -> metric == 0 || route.metric() == metric)
                        .min(Comparator.comparingLong(KernelRoute::metric));
                victim.ifPresent(table::remove);
                return victim.isPresent() ? Optional.empty() : Optional.of("RTNETLINK answers: No such process");
            }
            default -> {
                return Optional.of("Command \"" + words[1] + "\" is unknown");
            }
        }
    }

    private List<KernelRoute> table(long id) {
        return tables.computeIfAbsent(id, any -> new ArrayList<>());
    }
}
