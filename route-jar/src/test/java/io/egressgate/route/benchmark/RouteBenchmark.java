package io.egressgate.route.benchmark;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.route.kernel.IpCommand;
import io.egressgate.route.namespace.TestNamespace;
import io.egressgate.route.reconcile.ReconcileReport;
import io.egressgate.route.reconcile.Reconciler;
import io.egressgate.route.routes.Gateway;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.PublicRoutes;
import io.egressgate.route.routes.Route;
import io.egressgate.route.routes.RouteBatch;
import io.egressgate.route.routes.RouteProtocol;
import io.egressgate.route.routes.RouteTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * {@code cd /work/main && mvn -q -o -pl route-jar test-compile exec:java@bench} (as root).
 *
 * <p>Works on namespace egr-bench (10.62.0.0/24), made and removed here, through the same
 * {@link IpCommand} the route manager uses ({@code ip -n egr-bench ...}). Prints, per operation, how
 * many routes it changes, how many `ip` processes it takes and the median / 90th percentile / max
 * wall time of one reconcile round (read, one batch, read back).
 */
public final class RouteBenchmark {

    private static final int WARM_UP = 10;
    private static final int ROUNDS = 30;
    private static final RouteTable TABLE = RouteTable.MAIN;
    private static final RouteProtocol OURS = RouteProtocol.EGRESS_GATE;

    private final TestNamespace namespace;
    private final CountingKernel kernel;

    private RouteBenchmark(TestNamespace namespace) {
        this.namespace = namespace;
        this.kernel = new CountingKernel(IpCommand.inNamespace(namespace.name()));
    }

    public static void main(String[] args) throws Exception {
        TestNamespace.removeStale("egr-bench");
        try (TestNamespace namespace = TestNamespace.create("egr-bench")) {
            new RouteBenchmark(namespace).run();
        }
    }

    private void run() throws Exception {
        Gateway gateway = gateway(TestNamespace.GATEWAY);
        Gateway other = gateway(TestNamespace.OTHER_GATEWAY);
        List<Route> ipv4 = PublicRoutes.via(gateway, InternalRanges.defaults(), null);
        List<Route> ipv4Other = PublicRoutes.via(other, InternalRanges.defaults(), null);
        List<Route> ipv6 = PublicRoutes.via(gateway(TestNamespace.GATEWAY6), InternalRanges.defaults(), null);
        Reconciler keep = reconciler(Map.of(IpFamily.IPV4, ipv4));
        Reconciler repoint = reconciler(Map.of(IpFamily.IPV4, ipv4Other));
        Reconciler both = reconciler(Map.of(IpFamily.IPV4, ipv4, IpFamily.IPV6, ipv6));
        Reconciler removeAll = Reconciler.removing(kernel, TABLE, OURS, EnumSet.allOf(IpFamily.class));
        Reconciler removeIpv4 = Reconciler.removing(kernel, TABLE, OURS, Set.of(IpFamily.IPV4));

        System.out.printf("route manager benchmark: namespace %s, %d warm-up + %d measured rounds each, %d cores, Java %s%n",
                namespace.name(), WARM_UP, ROUNDS, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf("%-44s %7s %6s %9s %9s %9s%n", "operation", "routes", "ip", "median", "p90", "max");

        measure("install full IPv4 set (empty table)", ipv4.size(), () -> round(removeIpv4), () -> round(keep));
        measure("reconcile IPv4, nothing to do", 0, () -> 0, () -> round(keep));
        measure("repair IPv4: 5 deleted, 1 altered", 6, () -> { damage(); return 0; }, () -> round(keep));
        measure("re-point all IPv4 routes to a new gateway", ipv4.size(), () -> round(repoint), () -> round(keep));
        measure("remove full IPv4 set", ipv4.size(), () -> round(keep), () -> round(removeIpv4));
        measure("install IPv4 + IPv6 (empty table)", ipv4.size() + ipv6.size(), () -> round(removeAll), () -> round(both));
        measure("reconcile IPv4 + IPv6, nothing to do", 0, () -> 0, () -> round(both));
        round(removeAll);
        measure("one `ip route replace` process per route", ipv4.size(), () -> round(removeAll),
                () -> perRoute(ipv4));
        round(removeAll);
        coldJar();
    }

    /** Runs {@code prepare} untimed, then {@code measured} timed, WARM_UP + ROUNDS times. */
    private void measure(String operation, int routes, IntSupplier prepare, IntSupplier measured) {
        List<Double> millis = new ArrayList<>();
        int processes = 0;
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
            prepare.getAsInt();
            kernel.takeCount();
            long start = System.nanoTime();
            processes = measured.getAsInt();
            double took = (System.nanoTime() - start) / 1e6;
            if (i >= WARM_UP) {
                millis.add(took);
            }
        }
        Collections.sort(millis);
        System.out.printf("%-44s %7d %6d %9s %9s %9s%n", operation, routes, processes, ms(percentile(millis, 50)),
                ms(percentile(millis, 90)), ms(millis.get(millis.size() - 1)));
    }

    /** The route manager's own start: a fresh JVM inside the namespace, install, exit. */
    private void coldJar() throws Exception {
        Path jar = Path.of(System.getProperty("route.jar", "target/egress-gate-route.jar"));
        if (!Files.isRegularFile(jar)) {
            System.out.println("(no " + jar + ": run mvn -pl route-jar package for the whole-process figure)");
            return;
        }
        List<Double> wall = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            TestNamespace.Result result = namespace.runJar("-iptables-gateway", TestNamespace.GATEWAY, "-once");
            wall.add((System.nanoTime() - start) / 1e6);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("the jar failed: " + result.stderr());
            }
            result.stdout().lines().filter(line -> line.contains(" routes in ")).forEach(line ->
                    reported.add(line.substring(line.lastIndexOf(" in ") + 4)));
            namespace.runJar("-remove");
        }
        Collections.sort(wall);
        System.out.printf("%-44s %7d %6s %9s %9s %9s%n", "whole process: java -jar ... -once",
                51, "-", ms(percentile(wall, 50)), ms(percentile(wall, 90)), ms(wall.get(wall.size() - 1)));
        System.out.println("  the jar's own install round (first, unwarmed JIT): " + String.join(", ", reported));
    }

    private int round(Reconciler reconciler) {
        try {
            ReconcileReport report = reconciler.reconcile();
            if (!report.converged()) {
                throw new IllegalStateException("did not converge: " + report.failures());
            }
            return kernel.takeCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Go original's way, for comparison: one process per route. */
    private int perRoute(List<Route> routes) {
        routes.forEach(route -> namespace.ip(RouteBatch.replace(route, TABLE, OURS).split(" ")));
        return routes.size();
    }

    private int damage() {
        for (String cidr : List.of("1.0.0.0/8", "8.0.0.0/7", "172.64.0.0/10", "172.128.0.0/9", "208.0.0.0/4")) {
            namespace.ip("route", "del", cidr, "proto", "230");
        }
        namespace.ip("route", "replace", "100.128.0.0/9", "via", TestNamespace.ROUTER, "proto", "230");
        return 0;
    }

    private Reconciler reconciler(Map<IpFamily, List<Route>> desired) {
        return new Reconciler(kernel, TABLE, OURS, desired);
    }

    private static Gateway gateway(String address) {
        return Gateway.of(Cidr.parse(address).address());
    }

    private static double percentile(List<Double> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static String ms(double millis) {
        return String.format("%.1f ms", millis);
    }
}
