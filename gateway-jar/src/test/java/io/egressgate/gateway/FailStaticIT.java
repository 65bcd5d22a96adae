package io.egressgate.gateway;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.testbed.Namespaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.egressgate.gateway.testbed.Namespaces.ALLOWED;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY_OUTSIDE;
import static io.egressgate.gateway.testbed.Namespaces.OTHER;
import static io.egressgate.gateway.testbed.Namespaces.fetch;
import static io.egressgate.gateway.testbed.Namespaces.in;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gateway jar, run inside the gateway namespace with no server reachable: it enforces the
 * saved allowlist before anything else, across restarts; stopping it leaves the rules in place; and
 * {@code --uninstall} removes exactly what it owns.
 */
class FailStaticIT {

    private static Namespaces namespaces;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void createNamespaces() {
        namespaces = Namespaces.create();
    }

    @AfterAll
    static void removeNamespaces() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    @Test
    void theSavedAllowlistIsEnforcedWithoutAServerAndStaysAfterStop() throws Exception {
        new IpsetDataplane(CommandRunner.inNamespace(GATEWAY), DataplaneOptions.defaults()).uninstall();
        new StateFile(stateDir).save(new AppliedAllowlist("e1", 5L, new TreeSet<>(List.of(Cidr.parse(ALLOWED))), Map.of()));
        in(GATEWAY, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        assertThat(fetch(OTHER)).as("no gateway rules yet: the namespace forwards everything").isNotNull();

        for (int start = 1; start <= 2; start++) {
            RunningGateway gateway = startGateway();
            gateway.awaitLine("enforcing 1 allowed entries from revision 5 of e1");
            gateway.awaitLine("cannot connect to ws://127.0.0.1:9/ws/gateway");

            assertThat(fetch(ALLOWED)).isEqualTo("hello " + GATEWAY_OUTSIDE);
            assertThat(fetch(OTHER)).isNull();
            String metrics = in(GATEWAY, "curl", "-s", "-m", "5", "http://127.0.0.1:" + gateway.metricsPort() + "/metrics");
            assertThat(metrics).contains("egress_gate_applied_revision 5.0", "egress_gate_connected 0.0",
                    "iptables_packets_count{hostname=\"gate-restart\",ip=\"203.0.113.10/32\",type=\"OUTPUT\"}");

            gateway.process().destroy(); // SIGTERM, as systemd stops it
            assertThat(gateway.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(fetch(ALLOWED)).as("stopped (start " + start + "): rules stay").isEqualTo("hello " + GATEWAY_OUTSIDE);
            assertThat(fetch(OTHER)).as("stopped (start " + start + "): still enforcing").isNull();
        }

        in(GATEWAY, "iptables", "-I", "FORWARD", "2", "-m", "comment", "--comment", "someone else", "-j", "ACCEPT");
        Process uninstall = namespaces.start(GATEWAY, Namespaces.javaBinary(), "-jar", RunningGateway.jar(), "--uninstall");
        assertThat(uninstall.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(uninstall.exitValue()).isZero();

        String rules = in(GATEWAY, "iptables-save") + in(GATEWAY, "ip6tables-save");
        assertThat(rules).doesNotContain("egress-gate").doesNotContain("EGRESS-GATE").contains("someone else");
        assertThat(in(GATEWAY, "ipset", "list", "-n")).doesNotContain("egress-gate");
        assertThat(fetch(OTHER)).as("uninstalled: the gate is gone").isNotNull();
        assertThat(new StateFile(stateDir).load()).as("the state file stays").isPresent();
    }

    private RunningGateway startGateway() {
        Process process = namespaces.start(GATEWAY, Namespaces.javaBinary(), "-Xmx128m", "-jar", RunningGateway.jar(),
                "-iptables-wss-server", "ws://127.0.0.1:9/ws/gateway", "--state-dir", stateDir.toString(),
                "-metrics-port", "0", "-metrics-address", "127.0.0.1", "-hostname", "gate-restart",
                "-backoff-max", "2s");
        return new RunningGateway(process);
    }

}
