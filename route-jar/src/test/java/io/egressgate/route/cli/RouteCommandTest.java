package io.egressgate.route.cli;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelModel;
import io.egressgate.route.kernel.RouteLookup;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import io.egressgate.route.routes.RouteTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteCommandTest {

    private static final KernelRoute FOREIGN = new KernelRoute(Cidr.parse("198.51.100.0/24"), 0, 4,
            address("10.62.0.254"), "egr0", true);

    private final KernelModel kernel = new KernelModel().add(RouteTable.MAIN, FOREIGN);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @ValueSource(strings = {
            "-iptables-gateway 10.62.0.1 -once",
            "--iptables-gateway 10.62.0.1 --once",
            "--iptables-gateway=10.62.0.1 -once -interval 1m30s -metric 0 -route-protocol 230 -table main",
            "-iptables-gateway=10.62.0.1 --once --interval=200ms --table=main --internal 203.0.113.0/24"})
    void theSeedsSingleDashFlagsAndDoubleDashFlagsBothWork(String arguments) {
        int exit = run(arguments.split(" "));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(owned(IpFamily.IPV4)).hasSizeGreaterThanOrEqualTo(86)
                .allMatch(route -> route.gateway().equals(address("10.62.0.1")));
        assertThat(out.toString()).contains("added ");
    }

    @Test
    void anOperatorRangeIsNotRouted() {
        assertThat(run("-iptables-gateway", "10.62.0.1", "-once", "-internal", "203.0.113.0/24,198.18.0.0/15")).isZero();

        assertThat(owned(IpFamily.IPV4)).noneMatch(route -> route.destination().contains(address("203.0.113.9"))
                || route.destination().contains(address("198.19.0.1")));
    }

    @Test
    void aMissingGatewayIsOneLineAndExitCode2() {
        int exit = run("--once");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "egress-gate-route: -iptables-gateway is required (the gateway's IPv4 address)",
                "Try 'egress-gate-route --help' for the flags.");
        assertThat(kernel.batches()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-iptables-gateway|10.62.0|not a valid",
            "-iptables-gateway|gateway.example.com|",
            "-iptables-gateway|2001:db8::1|not an IPv4 address",
            "-iptables-gateway|10.62.0.0/24|without a prefix",
            "-iptables-gateway|0.0.0.0|cannot be a gateway",
            "-iptables-gateway|224.0.0.1|cannot be a gateway",
            "-iptables-gateway6|fe80::1|name its device too",
            "-iptables-gateway6|10.62.0.1|not an IPv6 address",
            "-interval|30x|not a duration",
            "-interval|10ms|shorter than 50ms",
            "-table|local|local",
            "-table|twelve|neither main, default nor a number",
            "-route-protocol|4|0-4 are the kernel's own",
            "-internal|10.0.0.1/8|"})
    void aBadValueIsOneLineNamingTheFlagAndExitCode2(String example) {
        String[] parts = example.split("\\|", -1);
        int exit = parts[0].equals("-iptables-gateway")
                ? run(parts[0], parts[1], "-once")
                : run("-iptables-gateway", "10.62.0.1", "-once", parts[0], parts[1]);

        assertThat(exit).isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("egress-gate-route: ").contains(parts[0]).contains(parts[2]);
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
        assertThat(kernel.batches()).isZero();
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        assertThat(run("-iptables-gateway", "10.62.0.1", "--gatway", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--gatway");
    }

    @Test
    void aGatewayBehindARouterIsRefusedWithExitCode3AndNothingChanges() {
        kernel.answerLookup(new RouteLookup(address("10.99.0.1"), address("10.62.0.254"), "egr0", false, null));

        int exit = run("-iptables-gateway", "10.99.0.1");

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).startsWith("egress-gate-route: refusing to start: gateway 10.99.0.1 is not on a connected network");
        assertThat(kernel.batches()).isZero();
        assertThat(kernel.all(RouteTable.MAIN)).containsExactly(FOREIGN);
    }

    @Test
    void aDryRunPrintsTheRoutesAsBatchLinesAndChangesNothing() {
        int exit = run("--dry-run", "-iptables-gateway", "10.62.0.1", "-iptables-gateway6", "2001:db8:62::1");

        assertThat(exit).isZero();
        assertThat(out.toString().lines())
                .contains("route replace 172.64.0.0/10 via 10.62.0.1 table 254 metric 0 proto 230",
                        "route replace 172.128.0.0/9 via 10.62.0.1 table 254 metric 0 proto 230",
                        "route replace 2003::/16 via 2001:db8:62::1 table 254 metric 1024 proto 230")
                .filteredOn(line -> line.startsWith("route replace")).hasSize(86 + 503);
        assertThat(out.toString()).contains("# compared with table main now: 589 to add, 0 to replace, 0 to remove");
        assertThat(kernel.batches()).isZero();
    }

    @Test
    void removeTakesAwayExactlyOurRoutesInBothFamilies() {
        run("-iptables-gateway", "10.62.0.1", "-iptables-gateway6", "2001:db8:62::1", "-once");
        assertThat(owned(IpFamily.IPV6)).hasSize(503);

        int exit = run("--remove");

        assertThat(exit).isZero();
        assertThat(kernel.all(RouteTable.MAIN)).containsExactly(FOREIGN);
        assertThat(out.toString()).contains("removed 589 routes from table main");
    }

    @Test
    void removeAsADryRunOnlyPrintsTheDeletions() {
        run("-iptables-gateway", "10.62.0.1", "-once");
        out.getBuffer().setLength(0);

        assertThat(run("--remove", "--dry-run")).isZero();

        assertThat(out.toString().lines()).hasSize(86).allMatch(line -> line.startsWith("route del ")
                && line.endsWith(" table 254 metric 0 proto 230"));
        assertThat(owned(IpFamily.IPV4)).hasSize(86);
    }

    @Test
    void ipv6RoutesLeftFromAnEarlierConfigurationAreRemovedWhenIpv6IsNoLongerGiven() {
        run("-iptables-gateway", "10.62.0.1", "-iptables-gateway6", "2001:db8:62::1", "-once");

        assertThat(run("-iptables-gateway", "10.62.0.1", "-once")).isZero();

        assertThat(owned(IpFamily.IPV6)).isEmpty();
        assertThat(owned(IpFamily.IPV4)).hasSize(86);
    }

    @Test
    void routesTheKernelRefusesMakeOnceFailWithExitCode1() {
        kernel.refuseNextHop(address("10.62.0.1"));

        assertThat(run("-iptables-gateway", "10.62.0.1", "-once")).isEqualTo(1);

        assertThat(err.toString()).contains("the routes could not be installed");
        assertThat(out.toString()).contains("Nexthop has invalid gateway");
    }

    @Test
    void aKernelThatCannotBeReadIsOneLineAndExitCode1() {
        CommandLine commandLine = Main.commandLine(() -> new KernelModel() {
            @Override
            public synchronized List<KernelRoute> routes(IpFamily family, RouteTable table) {
                return sneaky(new KernelException("cannot run 'ip' (is iproute2 installed?): No such file"));
            }
        });
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        assertThat(commandLine.execute("--remove")).isEqualTo(1);
        assertThat(err.toString().lines())
                .containsExactly("egress-gate-route: cannot run 'ip' (is iproute2 installed?): No such file");
    }

    @Test
    void helpDescribesEveryFlagInBothSpellings() {
        assertThat(run("--help")).isZero();
        String help = out.toString();

        for (OptionSpec option : Main.commandLine(() -> kernel).getCommandSpec().options()) {
            assertThat(option.description()).as(option.longestName()).isNotEmpty();
            assertThat(String.join(" ", option.description())).as(option.longestName()).hasSizeGreaterThan(15);
            assertThat(help).contains(option.longestName());
            if (option.longestName().startsWith("--") && option.longestName().length() > 3) {
                assertThat(option.names()).as("single-dash form of " + option.longestName())
                        .contains(option.longestName().substring(1));
            }
        }
        assertThat(help).contains("Exit codes:");
    }

    private int run(String... arguments) {
        CommandLine commandLine = Main.commandLine(() -> kernel);
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }

    private List<KernelRoute> owned(IpFamily family) {
        return kernel.all(RouteTable.MAIN).stream()
                .filter(route -> route.protocol() == 230 && route.destination().isIpv6() == family.isIpv6())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T sneaky(Exception exception) throws E {
        throw (E) exception;
    }

    private static InetAddress address(String text) {
        return Cidr.parse(text).address();
    }
}
