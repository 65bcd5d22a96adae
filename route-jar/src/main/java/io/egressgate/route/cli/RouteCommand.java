package io.egressgate.route.cli;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelRoutes;
import io.egressgate.route.reconcile.ReconcileLoop;
import io.egressgate.route.reconcile.ReconcileReport;
import io.egressgate.route.reconcile.Reconciler;
import io.egressgate.route.routes.Gateway;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.PublicRoutes;
import io.egressgate.route.routes.Route;
import io.egressgate.route.routes.RouteBatch;
import io.egressgate.route.routes.RouteDiff;
import io.egressgate.route.routes.RouteProtocol;
import io.egressgate.route.routes.RouteTable;
import io.egressgate.route.safety.GatewayCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "egress-gate-route",
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Routes every public IP range via the egress gateway and keeps it so.",
                "The public ranges are the exact complement of the internal ranges (every range the IANA"
                        + " special-purpose registries mark not globally reachable, NAT64 and 6to4 forms of internal"
                        + " IPv4 addresses, and -internal)."
                        + " Routes are stamped with their own protocol number; routes without it are never"
                        + " touched. Run as root (CAP_NET_ADMIN)."},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  done (or stopped by SIGTERM/SIGINT)",
                "  1  routes could not be read, installed or removed completely",
                "  2  a flag is missing or wrong",
                "  3  refused: the gateway is not on a directly connected network; nothing changed",
                "Every flag is accepted with one dash (-iptables-gateway, as in the original tool) or two."})
public final class RouteCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-iptables-gateway", "--iptables-gateway"}, paramLabel = "IP",
            converter = Converters.Ipv4Gateway.class,
            description = "IPv4 address of the egress gateway; every public IPv4 range is routed via it."
                    + " It must be on a network this host is directly connected to. Required unless"
                    + " --remove (or -iptables-gateway6 alone is wanted).")
    private Gateway gateway;

    @Option(names = {"-iptables-gateway6", "--iptables-gateway6"},
            paramLabel = "IP[%DEV]", converter = Converters.Ipv6Gateway.class,
            description = "IPv6 address of the egress gateway; every public IPv6 range is routed via it."
                    + " A link-local gateway needs its device: fe80::1%%eth0. Without this flag IPv6 routes"
                    + " are left alone (and ones egress-gate installed earlier are removed).")
    private Gateway gateway6;

    @Option(names = {"-table", "--table"}, paramLabel = "TABLE", defaultValue = "main",
            converter = Converters.Table.class,
            description = "Routing table for the routes: main, default or a number (default: ${DEFAULT-VALUE})."
                    + " Another table only takes effect through an ip rule that points to it.")
    private RouteTable table;

    @Option(names = {"-metric", "--metric"}, paramLabel = "N",
            description = "Metric of the routes (default: the kernel's, 0 for IPv4 and 1024 for IPv6)."
                    + " A route of anybody else with the same destination and metric is left in place.")
    private Integer metric;

    @Option(names = {"-interval", "--interval"}, paramLabel = "DURATION", defaultValue = "30s",
            converter = Converters.Interval.class,
            description = "How often routes are checked and repaired: 30s, 500ms, 2m, 1m30s; a bare number"
                    + " is seconds (default: 30s).")
    private Duration interval;

    @Option(names = {"-internal", "--internal"}, paramLabel = "CIDR", split = ",",
            converter = Converters.Network.class,
            description = "Another internal range, never routed to the gateway (repeatable or comma-separated)."
                    + " Extends the built-in list; nothing can take a built-in range away.")
    private List<Cidr> extraInternal = new ArrayList<>();

    @Option(names = {"-route-protocol", "--route-protocol"}, paramLabel = "N", defaultValue = "230",
            converter = Converters.Protocol.class,
            description = "Protocol number that marks the routes as egress-gate's (default: ${DEFAULT-VALUE},"
                    + " 'egress-gate' in /etc/iproute2/rt_protos.d). Ownership is read back from it.")
    private RouteProtocol protocol;

    @Option(names = {"-once", "--once"},
            description = "Install or repair the routes once and exit instead of watching them.")
    private boolean once;

    @Option(names = {"-dry-run", "--dry-run"},
            description = "Print the routes that would be installed (as ip -batch lines) and what would change"
                    + " in the table now; change nothing. With --remove: print what would be removed.")
    private boolean dryRun;

    @Option(names = {"-remove", "--remove"},
            description = "Remove exactly the routes egress-gate owns (both families, the chosen table) and exit.")
    private boolean remove;

    @Option(names = {"-remove-on-exit", "--remove-on-exit"},
            description = "On SIGTERM/SIGINT remove the routes. Without it they stay, so the host keeps its way"
                    + " out while the route manager restarts or is upgraded.")
    private boolean removeOnExit;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = {"-V", "-version", "--version"}, versionHelp = true, description = "Print the version and exit.")
    private boolean version;

    private final Supplier<KernelRoutes> kernelFactory;

    RouteCommand(Supplier<KernelRoutes> kernelFactory) {
        this.kernelFactory = kernelFactory;
    }

    @Override
    public Integer call() throws KernelException {
        if (!remove && gateway == null && gateway6 == null) {
            throw new ParameterException(spec.commandLine(), "-iptables-gateway is required (the gateway's IPv4 address)");
        }
        if (remove && removeOnExit) {
            throw new ParameterException(spec.commandLine(), "--remove and --remove-on-exit do not go together");
        }
        KernelRoutes kernel = kernelFactory.get();
        if (remove) {
            return dryRun ? showRemoval(kernel) : remove(kernel);
        }
        Map<IpFamily, List<Route>> desired = desiredRoutes();
        Reconciler reconciler = new Reconciler(kernel, table, protocol, desired);
        GatewayCheck gatewayCheck = new GatewayCheck(kernel, gateways());
        return dryRun ? showPlan(reconciler, gatewayCheck) : keepRoutes(kernel, reconciler, gatewayCheck);
    }

    private int keepRoutes(KernelRoutes kernel, Reconciler reconciler, GatewayCheck gatewayCheck)
            throws KernelException {
        Optional<String> refusal = gatewayCheck.refusal();
        if (refusal.isPresent()) {
            err().println("egress-gate-route: refusing to start: " + refusal.get());
            return ExitCode.REFUSED;
        }
        sweepUnmanagedFamilies(kernel, reconciler.families());
        reconciler.desired().forEach((family, routes) -> log(family + ": " + routes.size() + " public ranges via "
                + routes.get(0).via() + " (table " + table + ", metric " + routes.get(0).metric()
                + ", proto " + protocol + ")"));
        ReconcileLoop loop = new ReconcileLoop(reconciler, gatewayCheck, interval, this::log);
        // Registered before the first round: a SIGTERM during it must still be handled as asked.
        Thread shutdown = new Thread(() -> stop(loop, kernel), "egress-gate-route-shutdown");
        if (!once) {
            Runtime.getRuntime().addShutdownHook(shutdown);
        }
        Optional<ReconcileReport> first = loop.once();
        if (loop.isStopped()) {
            return ExitCode.OK;
        }
        if (first.isEmpty() || !first.get().converged()) {
            if (once || first.isEmpty() || first.get().changedNothingThatWasNeeded()) {
                // Nothing could be changed at all (no permission, every next hop refused): a loop
                // would only repeat the same failure every interval; systemd's restart is the better retry.
                err().println("egress-gate-route: the routes could not be installed" + permissionHint(first));
                if (!once) {
                    Runtime.getRuntime().removeShutdownHook(shutdown);
                }
                return ExitCode.FAILED;
            }
        } else if (!first.get().changedSomething()) {
            log("all routes already in place");
        }
        if (once) {
            return ExitCode.OK;
        }
        log("watching the routes every " + describe(interval));
        loop.run();
        return ExitCode.OK;
    }

    private void stop(ReconcileLoop loop, KernelRoutes kernel) {
        loop.stop();
        if (!removeOnExit) {
            log("stopping; the routes stay in place (egress-gate-route --remove takes them away)");
            return;
        }
        try {
            ReconcileReport report = Reconciler.removing(kernel, table, protocol, EnumSet.allOf(IpFamily.class))
                    .reconcile();
            log("stopping; removed " + report.found().extra().size() + " routes");
        } catch (KernelException e) {
            log("stopping; could not remove the routes: " + e.getMessage());
        }
    }

    /** Routes of a family we no longer have a gateway for are ours to take back. */
    private void sweepUnmanagedFamilies(KernelRoutes kernel, List<IpFamily> managed) {
        Set<IpFamily> unmanaged = EnumSet.allOf(IpFamily.class);
        managed.forEach(unmanaged::remove);
        if (unmanaged.isEmpty()) {
            return;
        }
        try {
            ReconcileReport report = Reconciler.removing(kernel, table, protocol, unmanaged).reconcile();
            if (report.changedSomething()) {
                log(unmanaged + ": no gateway given any more; removed " + report.found().extra().size() + " routes");
            }
        } catch (KernelException e) {
            log(unmanaged + ": cannot check for earlier routes: " + e.getMessage());
        }
    }

    private int showPlan(Reconciler reconciler, GatewayCheck gatewayCheck) throws KernelException {
        PrintWriter out = spec.commandLine().getOut();
        reconciler.desired().forEach((family, routes) -> {
            out.println("# " + family + ": " + routes.size() + " routes via " + routes.get(0).via());
            routes.forEach(route -> out.println(RouteBatch.replace(route, table, protocol)));
        });
        out.println("# compared with table " + table + " now: " + changes(reconciler));
        Optional<String> refusal = gatewayCheck.refusal();
        if (refusal.isPresent()) {
            err().println("egress-gate-route: would refuse to start: " + refusal.get());
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    private int showRemoval(KernelRoutes kernel) throws KernelException {
        Reconciler removal = Reconciler.removing(kernel, table, protocol, EnumSet.allOf(IpFamily.class));
        removal.batch(removal.diff()).forEach(spec.commandLine().getOut()::println);
        return ExitCode.OK;
    }

    private int remove(KernelRoutes kernel) throws KernelException {
        ReconcileReport report = Reconciler.removing(kernel, table, protocol, EnumSet.allOf(IpFamily.class))
                .reconcile();
        report.failureLines().forEach(failure -> err().println("egress-gate-route: failed: " + failure));
        if (!report.converged()) {
            err().println("egress-gate-route: " + report.unresolved() + " routes could not be removed"
                    + permissionHint(Optional.of(report)));
            return ExitCode.FAILED;
        }
        log("removed " + report.found().extra().size() + " routes from table " + table);
        return ExitCode.OK;
    }

    private static String changes(Reconciler reconciler) {
        try {
            RouteDiff diff = reconciler.diff();
            return diff.missing().size() + " to add, " + diff.changed().size() + " to replace, "
                    + diff.extra().size() + " to remove, " + diff.blocked().size()
                    + " held by routes egress-gate does not own";
        } catch (KernelException e) {
            return "cannot read it (" + e.getMessage() + ")";
        }
    }

    private Map<IpFamily, List<Route>> desiredRoutes() {
        InternalRanges internal = InternalRanges.defaults().withExtra(extraInternal);
        Map<IpFamily, List<Route>> desired = new EnumMap<>(IpFamily.class);
        gateways().forEach(via -> desired.put(via.family(), PublicRoutes.via(via, internal, metric)));
        return desired;
    }

    private List<Gateway> gateways() {
        List<Gateway> gateways = new ArrayList<>();
        Optional.ofNullable(gateway).ifPresent(gateways::add);
        Optional.ofNullable(gateway6).ifPresent(gateways::add);
        return gateways;
    }

    private static String permissionHint(Optional<ReconcileReport> report) {
        boolean denied = report.map(ReconcileReport::deniedPermission).orElse(false);
        return denied ? " (Operation not permitted: run as root or with CAP_NET_ADMIN)" : "";
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private void log(String line) {
        spec.commandLine().getOut().println("egress-gate-route: " + line);
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
