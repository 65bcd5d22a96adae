package io.egressgate.route;

import io.egressgate.route.namespace.TestNamespace;
import io.egressgate.route.namespace.TestNamespace.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.egressgate.route.namespace.TestNamespace.GATEWAY;
import static io.egressgate.route.namespace.TestNamespace.GATEWAY6;
import static io.egressgate.route.namespace.TestNamespace.OTHER_GATEWAY;
import static io.egressgate.route.namespace.TestNamespace.ROUTER;
import static io.egressgate.route.namespace.TestNamespace.ROUTER6;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar, run as root inside a namespace made for each test, against the real kernel table.
 */
class RouteManagerIT {

    private static final int PUBLIC_IPV4_RANGES = 86;
    private static final int PUBLIC_IPV6_RANGES = 503;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private TestNamespace host;
    private Process running;
    private Path log;

    @BeforeAll
    static void namespacesAreAvailable() {
        TestNamespace.requireNamespaces();
        TestNamespace.removeStale("egr-it");
    }

    @BeforeEach
    void createHost() throws Exception {
        host = TestNamespace.create("egr-it-host");
        log = Files.createTempFile("egr-route", ".log");
    }

    @AfterEach
    void removeHost() throws Exception {
        try {
            if (running != null && running.isAlive()) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            host.close();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void publicAddressesGoViaTheGatewayAndInternalOnesDoNot() {
        Result result = host.runJar("-iptables-gateway", GATEWAY, "-iptables-gateway6", GATEWAY6, "-once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("added " + (PUBLIC_IPV4_RANGES + PUBLIC_IPV6_RANGES) + ", replaced 0");
        assertThat(host.ownedRoutes("-4")).hasSize(PUBLIC_IPV4_RANGES);
        assertThat(host.ownedRoutes("-6")).hasSize(PUBLIC_IPV6_RANGES);
        for (String publicAddress : List.of("8.8.8.8", "172.64.0.1", "172.128.0.1", "203.0.113.5", "198.51.100.7",
                "1.1.1.1", "223.255.255.254", "100.128.0.1", "169.255.0.1")) {
            assertThat(host.nextHopFor(publicAddress)).as(publicAddress).isEqualTo(GATEWAY);
        }
        for (String internalAddress : List.of("10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "100.64.0.1", "169.254.1.1")) {
            assertThat(host.nextHopFor(internalAddress)).as(internalAddress).isEqualTo(ROUTER);
        }
        assertThat(host.nextHopFor("10.62.0.77")).as("the connected network stays direct").isEqualTo("direct");
        assertThat(host.nextHopFor("2001:db8:99::5")).isEqualTo(GATEWAY6);
        assertThat(host.nextHopFor("2a00:1450::1")).isEqualTo(GATEWAY6);
        assertThat(host.nextHopFor("fd00::1")).isEqualTo(ROUTER6);
        assertThat(host.nextHopFor("2001:db8:62::99")).isEqualTo("direct");
    }

    @Test
    void theLoopPutsBackDeletedAndAlteredRoutesAndLeavesForeignOnesAlone() throws Exception {
        running = host.startJar(log, "-iptables-gateway", GATEWAY, "-interval", "200ms");
        waitUntil("routes installed", () -> host.ownedRoutes("-4").size() == PUBLIC_IPV4_RANGES);

        host.ip("route", "del", "8.0.0.0/7");
        host.ip("route", "replace", "172.64.0.0/10", "via", ROUTER, "proto", "230");
        host.ip("route", "add", "198.51.100.0/24", "via", ROUTER, "proto", "static");

        waitUntil("deleted route restored", () -> host.nextHopFor("8.8.8.8").equals(GATEWAY));
        waitUntil("altered route restored", () -> host.nextHopFor("172.64.0.1").equals(GATEWAY));
        Thread.sleep(600);
        assertThat(host.ip("route", "show", "198.51.100.0/24")).contains("via " + ROUTER).contains("proto static");
        assertThat(host.nextHopFor("198.51.100.7")).isEqualTo(ROUTER);
        assertThat(host.ownedRoutes("-4")).hasSize(PUBLIC_IPV4_RANGES);

        running.destroy();
        assertThat(running.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as("terminated by SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log)).contains("the routes stay in place").contains("added 1, replaced 1");
        assertThat(host.ownedRoutes("-4")).as("SIGTERM leaves the routes").hasSize(PUBLIC_IPV4_RANGES);
    }

    @Test
    void aNewGatewayReplacesTheRoutes() {
        assertThat(host.runJar("-iptables-gateway", GATEWAY, "-once").exitCode()).isZero();

        Result result = host.runJar("--iptables-gateway", OTHER_GATEWAY, "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("added 0, replaced " + PUBLIC_IPV4_RANGES + ", removed 0");
        assertThat(host.ownedRoutes("-4")).hasSize(PUBLIC_IPV4_RANGES).allMatch(route -> route.contains("via " + OTHER_GATEWAY));
        assertThat(host.nextHopFor("8.8.8.8")).isEqualTo(OTHER_GATEWAY);
    }

    @Test
    void aForeignRouteOnTheSameDestinationIsLeftAloneAndSurvivesRemove() {
        host.ip("route", "add", "1.0.0.0/8", "via", ROUTER, "proto", "static");
        host.ip("route", "add", "9.9.9.0/24", "via", ROUTER, "proto", "boot");
        String foreignBefore = host.ip("route", "show", "1.0.0.0/8") + host.ip("route", "show", "9.9.9.0/24");

        Result result = host.runJar("-iptables-gateway", GATEWAY, "-once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("left alone: 1.0.0.0/8 (metric 0) is held by a route egress-gate does not own");
        assertThat(host.ownedRoutes("-4")).hasSize(PUBLIC_IPV4_RANGES - 1);
        assertThat(host.nextHopFor("1.1.1.1")).isEqualTo(ROUTER);
        assertThat(host.nextHopFor("9.9.9.9")).as("more specific foreign route").isEqualTo(ROUTER);
        assertThat(host.runJar("-remove").exitCode()).isZero();
        assertThat(host.ip("route", "show", "1.0.0.0/8") + host.ip("route", "show", "9.9.9.0/24")).isEqualTo(foreignBefore);
    }

    @Test
    void removeLeavesEveryTableExactlyAsBefore() {
        String before = host.allTables();
        assertThat(host.runJar("-iptables-gateway", GATEWAY, "-iptables-gateway6", GATEWAY6, "-once").exitCode()).isZero();
        assertThat(host.allTables()).isNotEqualTo(before);

        Result result = host.runJar("--remove");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("removed " + (PUBLIC_IPV4_RANGES + PUBLIC_IPV6_RANGES) + " routes");
        assertThat(host.allTables()).isEqualTo(before);
    }

    @Test
    void removeOnExitTakesTheRoutesAwayOnSigterm() throws Exception {
        String before = host.allTables();
        running = host.startJar(log, "-iptables-gateway", GATEWAY, "-iptables-gateway6", GATEWAY6,
                "-interval", "200ms", "--remove-on-exit");
        waitUntil("routes installed", () -> host.ownedRoutes("-6").size() == PUBLIC_IPV6_RANGES);

        running.destroy();

        assertThat(running.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("stopping; removed " + (PUBLIC_IPV4_RANGES + PUBLIC_IPV6_RANGES) + " routes");
        assertThat(host.allTables()).isEqualTo(before);
    }

    @Test
    void aGatewayThatIsNotOnAConnectedNetworkIsRefusedAndNothingChanges() {
        String before = host.allTables();

        Result behindRouter = host.runJar("-iptables-gateway", "10.99.0.1");
        Result ownAddress = host.runJar("-iptables-gateway", TestNamespace.HOST_ADDRESS);
        Result ipv6BehindRouter = host.runJar("-iptables-gateway", GATEWAY, "-iptables-gateway6", "2001:db8:99::1");
        host.ip("route", "del", "default");
        Result unreachable = host.runJar("-iptables-gateway", "198.51.100.1");

        assertThat(behindRouter.exitCode()).isEqualTo(3);
        assertThat(behindRouter.stderr().strip()).isEqualTo("egress-gate-route: refusing to start: gateway 10.99.0.1 is"
                + " not on a connected network: the kernel reaches it via router 10.62.0.254 on egr0, and sending public"
                + " ranges to a gateway that is itself reached through a router could cut this host off");
        assertThat(ownAddress.exitCode()).isEqualTo(3);
        assertThat(ownAddress.stderr()).contains("is an address of this host itself");
        assertThat(ipv6BehindRouter.exitCode()).isEqualTo(3);
        assertThat(ipv6BehindRouter.stderr()).contains("gateway 2001:db8:99::1 is not on a connected network");
        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.stderr()).contains("gateway 198.51.100.1 is not reachable (RTNETLINK answers: Network is unreachable)");
        host.ip("route", "add", "default", "via", ROUTER);
        assertThat(host.allTables()).isEqualTo(before);
    }

    @Test
    void aDryRunPrintsTheRoutesAndChangesNothing() {
        String before = host.allTables();

        Result result = host.runJar("--dry-run", "-iptables-gateway", GATEWAY);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().filter(line -> line.startsWith("route replace "))).hasSize(PUBLIC_IPV4_RANGES);
        assertThat(result.stdout()).contains("route replace 172.64.0.0/10 via 10.62.0.1 table 254 metric 0 proto 230");
        assertThat(host.allTables()).isEqualTo(before);
    }

    @Test
    void anotherTableAndMetricAreHonouredAndRemovedAgain() {
        String before = host.allTables();

        Result result = host.runJar("-iptables-gateway", GATEWAY, "-table", "100", "-metric", "50", "-once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(host.ip("route", "show", "table", "100", "proto", "230").lines())
                .hasSize(PUBLIC_IPV4_RANGES).allMatch(route -> route.contains("metric 50"));
        assertThat(host.nextHopFor("8.8.8.8")).as("main is untouched without an ip rule").isEqualTo(ROUTER);
        assertThat(host.runJar("-remove", "-table", "100").exitCode()).isZero();
        assertThat(host.allTables()).isEqualTo(before);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + PATIENCE.toSeconds() + " s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
