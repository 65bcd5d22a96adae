package io.egressgate.route.routes;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ip -batch} lines that carry out a diff. Additions come before deletions so that a
 * range that moves (say, to a new metric) is never without a route in between. Every line names
 * the table and our protocol; the kernel refuses to delete a route with another protocol, which
 * makes "never touch a foreign route" hold even if the table changed since it was read.
 */
public final class RouteBatch {

    private RouteBatch() {
    }

    public static List<String> lines(RouteDiff diff, RouteTable table, RouteProtocol owner) {
        List<String> lines = new ArrayList<>(diff.changes());
        diff.missing().forEach(route -> lines.add(replace(route, table, owner)));
        diff.changed().forEach(route -> lines.add(replace(route, table, owner)));
        diff.extra().forEach(route -> lines.add(delete(route, table, owner)));
        return lines;
    }

    public static String replace(Route route, RouteTable table, RouteProtocol owner) {
        StringBuilder line = new StringBuilder("route replace ")
                .append(route.destination())
                .append(" via ").append(route.via().addressText());
        route.via().onDevice().ifPresent(device -> line.append(" dev ").append(device));
        return line.append(" table ").append(table.id())
                .append(" metric ").append(route.metric())
                .append(" proto ").append(owner.number())
                .toString();
    }

    public static String delete(KernelRoute route, RouteTable table, RouteProtocol owner) {
        return "route del " + route.destination()
                + " table " + table.id()
                + " metric " + route.metric()
                + " proto " + owner.number();
    }
}
