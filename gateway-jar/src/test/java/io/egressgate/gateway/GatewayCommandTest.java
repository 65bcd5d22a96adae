package io.egressgate.gateway;

import io.egressgate.gateway.dataplane.Family;
import io.egressgate.gateway.sync.ServerAddresses;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayCommandTest {

    private static GatewayCommand parse(String... args) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theSeedsSingleDashFormsAndTheDoubleDashFormsMeanTheSame() {
        GatewayCommand single = parse("-iptables-wss-server", "a:8181", "-metrics-port", "9911", "-hostname", "g");
        GatewayCommand dashes = parse("--iptables-wss-server=a:8181", "--metrics-port=9911", "--hostname=g");

        assertThat(single.servers).isEqualTo(dashes.servers).containsExactly("a:8181");
        assertThat(single.metricsPort).isEqualTo(dashes.metricsPort).isEqualTo(9911);
        assertThat(single.hostname).isEqualTo(dashes.hostname).isEqualTo("g");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        GatewayCommand command = parse("-iptables-wss-server", "a:1");

        assertThat(command.stateDir).isEqualTo(Path.of("/var/lib/egress-gate"));
        assertThat(command.metricsPort).isEqualTo(9900);
        assertThat(command.backoffMax).isEqualTo(Duration.ofSeconds(30));
        assertThat(command.reconcileInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(command.statsInterval).isEqualTo(Duration.ofSeconds(15));
        assertThat(command.dataplaneOptions().families()).containsExactlyInAnyOrder(Family.IPV4, Family.IPV6);
        assertThat(command.dataplaneOptions().masquerade()).isTrue();
        assertThat(command.dataplaneOptions().mode()).isEqualTo(io.egressgate.gateway.dataplane.EnforcementMode.ENFORCE);
        assertThat(command.dataplaneOptions().denialLog()).isEqualTo(new io.egressgate.gateway.dataplane.DenialLog(23, 100));
        assertThat(parse("-mode", "report").dataplaneOptions().mode())
                .isEqualTo(io.egressgate.gateway.dataplane.EnforcementMode.REPORT);
    }

    @Test
    void theExampleConfigurationParses() {
        Path example = Path.of(System.getProperty("user.dir")).resolveSibling("deploy").resolve("gateway").resolve("gateway.args");
        GatewayCommand command = parse("@" + example);

        assertThat(ServerAddresses.parse(command.servers)).containsExactly(URI.create("wss://egress-gate-1.example.internal:8181/ws/gateway"),
                URI.create("wss://egress-gate-2.example.internal:8181/ws/gateway"));
        assertThat(command.tokenFile).isEqualTo(Path.of("/etc/egress-gate/gateway.token"));
        assertThat(command.caFile).isEqualTo(Path.of("/etc/egress-gate/ca.pem"));
    }

    @Test
    void helpDocumentsEveryFlag() {
        CommandLine line = new CommandLine(new GatewayCommand());
        String help = line.getUsageMessage(CommandLine.Help.Ansi.OFF);

        for (CommandLine.Model.OptionSpec option : line.getCommandSpec().options()) {
            assertThat(help).contains(option.longestName());
            assertThat(String.join(" ", option.description())).as(option.longestName()).isNotBlank();
        }
        assertThat(help).contains("-iptables-wss-server", "--iptables-wss-server", "--uninstall", "-token-file");
    }

    @Test
    void badFlagsExitWithTwo() {
        assertThat(new CommandLine(new GatewayCommand()).execute("-iptables-wss-server", "ftp://x")).isEqualTo(2);
        assertThat(new CommandLine(new GatewayCommand()).execute("-metrics-port", "many")).isEqualTo(2);
        assertThat(new CommandLine(new GatewayCommand()).execute("-reconcile-interval", "0s")).isEqualTo(2);
        assertThat(new CommandLine(new GatewayCommand()).execute("-internal-range", "10.1.2.3/8")).isEqualTo(2);
        assertThat(new CommandLine(new GatewayCommand()).execute("-mode", "audit")).isEqualTo(2);
        assertThat(new CommandLine(new GatewayCommand()).execute("-denied-log-rate", "0")).isEqualTo(2);
        assertThat(new CommandLine(new GatewayCommand()).execute("-nflog-group", "65536")).isEqualTo(2);
    }
}
