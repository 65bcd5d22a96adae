package io.egressgate.route.cli;

import io.egressgate.route.kernel.KernelModel;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The systemd unit and the DaemonSet start the jar with flags the jar accepts, and give it no more
 * privilege than changing routes needs.
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).resolve("../deploy").normalize();

    @Test
    void theDaemonSetRunsOnTheHostNetworkWithNetAdminOnly() throws IOException {
        Map<String, Object> daemonSet = document("kubernetes/route-daemonset.yaml", "DaemonSet");
        Map<String, Object> pod = map(map(map(daemonSet, "spec"), "template"), "spec");
        Map<String, Object> container = list(pod, "containers").get(0);
        Map<String, Object> security = map(container, "securityContext");

        assertThat(pod.get("hostNetwork")).isEqualTo(true);
        assertThat(map(security, "capabilities")).containsEntry("add", List.of("NET_ADMIN"))
                .containsEntry("drop", List.of("ALL"));
        assertThat(security).containsEntry("privileged", false).containsEntry("allowPrivilegeEscalation", false);
    }

    @Test
    void theDaemonSetsArgumentsAreAcceptedByTheJar() throws IOException {
        Map<String, Object> configMap = map(document("kubernetes/route-daemonset.yaml", "ConfigMap"), "data");
        Map<String, Object> container = list(map(map(map(
                document("kubernetes/route-daemonset.yaml", "DaemonSet"), "spec"), "template"), "spec"), "containers").get(0);
        List<String> args = new ArrayList<>();
        for (Object arg : (List<?>) container.get("args")) {
            args.add(arg.toString().replace("$(EGRESS_GATEWAY)", configMap.get("gateway").toString())
                    .replace("$(EGRESS_INTERVAL)", configMap.get("interval").toString()));
        }

        assertThat(parses(args)).isTrue();
        assertThat(args).contains("-iptables-gateway");
    }

    @Test
    void theSystemdUnitStartsTheJarWithAcceptedFlagsAndOnlyNetAdmin() throws IOException {
        String unit = Files.readString(DEPLOY.resolve("systemd/egress-gate-route.service"));
        String execStart = unit.replace("\\\n", " ").lines().filter(line -> line.startsWith("ExecStart="))
                .findFirst().orElseThrow();
        List<String> words = Arrays.asList(execStart.split("\\s+"));
        List<String> jarArgs = new ArrayList<>(words.subList(words.indexOf("/opt/egress-gate/egress-gate-route.jar") + 1,
                words.size()));
        jarArgs.replaceAll(word -> word.replace("${EGRESS_GATEWAY}", "10.0.0.1"));
        jarArgs.remove("$EGRESS_ROUTE_ARGS");

        assertThat(parses(jarArgs)).isTrue();
        assertThat(unit).contains("CapabilityBoundingSet=CAP_NET_ADMIN\n", "SuccessExitStatus=143\n",
                "RestartPreventExitStatus=2\n", "NoNewPrivileges=yes\n");
    }

    private static boolean parses(List<String> args) {
        CommandLine commandLine = Main.commandLine(KernelModel::new);
        commandLine.parseArgs(args.toArray(String[]::new));
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(String file, String kind) throws IOException {
        Load load = new Load(LoadSettings.builder().build());
        for (Object document : load.loadAllFromString(Files.readString(DEPLOY.resolve(file)))) {
            Map<String, Object> object = (Map<String, Object>) document;
            if (kind.equals(object.get("kind"))) {
                return object;
            }
        }
        throw new AssertionError(file + " has no " + kind);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (List<Map<String, Object>>) parent.get(key);
    }
}
