package io.egressgate.server.deploy;

import static io.egressgate.server.deploy.Manifests.list;
import static io.egressgate.server.deploy.Manifests.map;
import static io.egressgate.server.deploy.Manifests.named;
import static io.egressgate.server.deploy.Manifests.podSpec;
import static io.egressgate.server.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.launcher.Main;
import io.egressgate.server.launcher.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes manifests start the server the way the launcher accepts, with a configuration the
 * server accepts, probes on the server's health endpoints, and no more privilege than each part needs.
 * No cluster is needed: the manifests are read as YAML and checked field by field.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = Repository.deploy().resolve("kubernetes");
    private static final Set<String> NAMESPACED = Set.of("ConfigMap", "Secret", "Deployment", "StatefulSet",
            "DaemonSet", "Service", "ServiceAccount", "Role", "RoleBinding", "PodDisruptionBudget", "NetworkPolicy");

    private final Manifests server = Manifests.of(KUBERNETES.resolve("server.yaml"));
    private final Manifests mysql = Manifests.of(KUBERNETES.resolve("mysql-statefulset.yaml"));
    private final Map<String, Object> deployment = server.get("Deployment", "egress-gate-server");
    private final Map<String, Object> pod = podSpec(deployment);
    private final Map<String, Object> container = named(list(pod, "containers"), "server");

    @Test
    void everyYamlFileUnderDeployParsesAndEveryObjectIsNamedInTheNamespace() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Repository.deploy())) {
            files = walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("server.yaml", "mysql-statefulset.yaml",
                "route-daemonset.yaml", "prometheus.yml", "egress-gate-alerts.yml");
        for (Path file : files) {
            Manifests manifests = Manifests.of(file);
            assertThat(manifests.documents()).as(file.toString()).isNotEmpty();
            if (file.startsWith(KUBERNETES)) {
                for (Map<String, Object> object : manifests.documents()) {
                    assertThat(object).as(file + ": " + object.get("kind")).containsKeys("apiVersion", "kind", "metadata");
                    Map<String, Object> metadata = map(object, "metadata");
                    assertThat(metadata.get("name")).as(file + ": a name").isNotNull();
                    if (NAMESPACED.contains(object.get("kind"))) {
                        assertThat(metadata.get("namespace")).as(file + ": " + metadata.get("name")).isEqualTo("egress-gate");
                    }
                }
            }
        }
    }

    @Test
    void theLauncherAcceptsTheContainersArguments() {
        List<String> args = strings(container, "args");
        Main main = new Main();
        new CommandLine(main).parseArgs(args.toArray(String[]::new));

        assertThat(args).containsSubsequence("-server-conf-path", "/run/egress-gate/server.yaml");
        assertThat(args).containsSubsequence("-data-dir", mountPath(container, "data"));
        assertThat("/run/egress-gate/server.yaml").startsWith(mountPath(container, "run") + "/");
    }

    @Test
    void theInitContainerAssemblesAConfigurationTheServerAccepts() throws IOException {
        Map<String, Object> init = named(list(pod, "initContainers"), "config");
        String command = String.join(" ", strings(init, "command"));
        String settings = (String) map(server.get("ConfigMap", "egress-gate-server"), "data").get("server.yaml");
        String secrets = (String) map(secret(), "stringData").get("secrets.yaml");

        assertThat(command).contains("cat " + mountPath(init, "config") + "/server.yaml " + mountPath(init, "secrets")
                + "/secrets.yaml > " + mountPath(init, "run") + "/server.yaml");
        Path assembled = Files.createTempFile("egress-gate-k8s", ".yaml");
        assembled.toFile().deleteOnExit();
        Files.writeString(assembled, settings + secrets);
        ServerConfig config = ServerConfig.read(assembled);

        assertThat(config.usesMysql()).isTrue();
        assertThat(settings).doesNotContain("password");
        assertThat(secrets).contains("db_password:", "tls_keystore_password:");
        assertThat(config.require("tls_keystore")).startsWith(mountPath(container, "tls") + "/");
    }

    @Test
    void probesAskTheServersHealthEndpointsOnItsHttpPort() throws IOException {
        ServerConfig config = assembledConfig();
        int httpPort = Integer.parseInt(config.require("port"));
        int sslPort = Integer.parseInt(config.require("ssl_port"));

        assertThat(probe("readinessProbe")).containsEntry("path", "/health/ready");
        assertThat(probe("livenessProbe")).containsEntry("path", "/health/live");
        assertThat(probe("startupProbe")).containsEntry("path", "/health/live");
        for (String kind : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(containerPort(probe(kind).get("port"))).as(kind).isEqualTo(httpPort);
        }
        assertThat(containerPort("https")).isEqualTo(sslPort);
        Map<String, Object> annotations = map(map(map(map(deployment, "spec"), "template"), "metadata"), "annotations");
        assertThat(annotations).containsEntry("prometheus.io/port", Integer.toString(httpPort))
                .containsEntry("prometheus.io/path", "/metrics");
    }

    @Test
    void theServicesReachTheServerPods() {
        Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
        for (String name : List.of("egress-gate-server", "egress-gate-server-gateways")) {
            Map<String, Object> spec = map(server.get("Service", name), "spec");
            assertThat(podLabels).as(name).containsAllEntriesOf(map(spec, "selector"));
            for (Map<String, Object> port : list(spec, "ports")) {
                assertThat(containerPort(port.get("targetPort"))).as(name + " " + port).isEqualTo(port.get("port"));
            }
        }
        assertThat(map(server.get("Service", "egress-gate-server-gateways"), "spec").get("ports").toString()).contains("https");
    }

    @Test
    void theServerRunsUnprivilegedWithAReadOnlyRoot() {
        Map<String, Object> security = map(container, "securityContext");
        assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat(security).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
        assertThat(map(security, "capabilities")).containsEntry("drop", List.of("ALL")).doesNotContainKey("add");
        assertThat(mountPath(container, "tmp")).isEqualTo("/tmp");
        assertThat(pod.get("hostNetwork")).isNull();
    }

    @Test
    void threeReplicasFormOneGridThroughTheKubernetesDiscovery() throws IOException {
        ServerConfig config = assembledConfig();
        Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
        Map<String, Object> gridSpec = map(server.get("Service", "egress-gate-server-grid"), "spec");

        assertThat(map(deployment, "spec")).containsEntry("replicas", 3);
        assertThat(map(map(map(deployment, "spec"), "strategy"), "rollingUpdate")).containsEntry("maxUnavailable", 1);
        assertThat(config.require("cluster_mode")).isEqualTo("kubernetes:egress-gate,egress-gate-server-grid");
        assertThat(gridSpec).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
        assertThat(podLabels).containsAllEntriesOf(map(gridSpec, "selector"));
        assertThat(containerPort(list(gridSpec, "ports").get(0).get("targetPort")))
                .isEqualTo(Integer.parseInt(config.require("cluster_port")));

        Map<String, Object> budget = map(server.get("PodDisruptionBudget", "egress-gate-server"), "spec");
        assertThat(budget).containsEntry("minAvailable", 2);
        assertThat(podLabels).containsAllEntriesOf(map(map(budget, "selector"), "matchLabels"));
    }

    @Test
    void theDiscoveryMayReadEndpointsInItsNamespaceAndNothingMore() {
        Map<String, Object> binding = server.get("RoleBinding", "egress-gate-server-grid");
        Map<String, Object> subject = list(binding, "subjects").get(0);
        assertThat(subject).containsEntry("kind", "ServiceAccount").containsEntry("name", pod.get("serviceAccountName"));
        assertThat(pod).containsEntry("automountServiceAccountToken", true);
        assertThat(map(binding, "roleRef")).containsEntry("kind", "Role").containsEntry("name", "egress-gate-server-grid");
        for (Map<String, Object> rule : list(server.get("Role", "egress-gate-server-grid"), "rules")) {
            assertThat(strings(rule, "verbs")).as(rule.toString()).containsOnly("get", "list");
            assertThat(strings(rule, "resources")).as(rule.toString()).isSubsetOf("endpoints", "endpointslices", "pods", "services");
        }
        Map<String, Object> policy = map(server.get("NetworkPolicy", "egress-gate-server-grid"), "spec");
        List<Map<String, Object>> gridRules = list(policy, "ingress").stream()
                .filter(rule -> rule.get("ports").toString().contains("grid")).toList();
        assertThat(gridRules).hasSize(1);
        assertThat(gridRules.get(0)).containsKey("from");
    }

    @Test
    void everySecretKeyTheServerPodUsesExists() {
        Map<String, Object> secretData = map(secret(), "stringData");
        Map<String, Object> env = named(list(container, "env"), "EGRESS_GATE_ADMIN_TOKEN");
        Map<String, Object> ref = map(map(env, "valueFrom"), "secretKeyRef");
        assertThat(ref.get("name")).isEqualTo("egress-gate-server-secrets");
        assertThat(secretData).containsKey((String) ref.get("key"));
        assertThat(((String) secretData.get(ref.get("key"))).length()).isGreaterThanOrEqualTo(16);
        Map<String, Object> secretVolume = map(named(list(pod, "volumes"), "secrets"), "secret");
        for (Map<String, Object> item : list(secretVolume, "items")) {
            assertThat(secretData).containsKey((String) item.get("key"));
        }
    }

    @Test
    void theExampleDatabaseIsTheOneTheServerIsConfiguredFor() throws IOException {
        ServerConfig config = assembledConfig();
        Map<String, Object> account = map(mysql.get("Secret", "egress-gate-mysql"), "stringData");
        Map<String, Object> service = map(mysql.get("Service", "egress-gate-mysql"), "spec");
        Map<String, Object> statefulSet = mysql.get("StatefulSet", "egress-gate-mysql");

        assertThat(config.require("db_user")).isEqualTo(account.get("user"));
        assertThat(config.require("db_password")).isEqualTo(account.get("password"));
        assertThat(config.require("db_name")).isEqualTo(account.get("database"));
        assertThat(config.require("db_server")).isEqualTo("egress-gate-mysql");
        assertThat(Integer.parseInt(config.require("db_port"))).isEqualTo(list(service, "ports").get(0).get("port"));
        assertThat(map(statefulSet, "spec")).containsEntry("serviceName", "egress-gate-mysql");
        assertThat(map(map(map(statefulSet, "spec"), "selector"), "matchLabels"))
                .isEqualTo(map(service, "selector"));
        Map<String, Object> database = named(list(podSpec(statefulSet), "containers"), "mysql");
        for (Map<String, Object> variable : list(database, "env")) {
            Map<String, Object> ref = map(map(variable, "valueFrom"), "secretKeyRef");
            assertThat(account).as(variable.get("name").toString()).containsKey((String) ref.get("key"));
        }
    }

    @Test
    void theRouteManagerRunsOnTheHostNetworkWithNetAdminOnly() {
        Map<String, Object> daemonSet = Manifests.of(KUBERNETES.resolve("route-daemonset.yaml")).get("DaemonSet", "egress-gate-route");
        Map<String, Object> routePod = podSpec(daemonSet);
        Map<String, Object> security = map(list(routePod, "containers").get(0), "securityContext");

        assertThat(routePod.get("hostNetwork")).isEqualTo(true);
        assertThat(map(security, "capabilities")).containsEntry("add", List.of("NET_ADMIN")).containsEntry("drop", List.of("ALL"));
        assertThat(security).containsEntry("privileged", false).containsEntry("allowPrivilegeEscalation", false);
    }

    private Map<String, Object> secret() {
        return server.get("Secret", "egress-gate-server-secrets");
    }

    private ServerConfig assembledConfig() throws IOException {
        Path assembled = Files.createTempFile("egress-gate-k8s", ".yaml");
        assembled.toFile().deleteOnExit();
        Files.writeString(assembled, map(server.get("ConfigMap", "egress-gate-server"), "data").get("server.yaml")
                + (String) map(secret(), "stringData").get("secrets.yaml"));
        return ServerConfig.read(assembled);
    }

    private Map<String, Object> probe(String kind) {
        return map(map(container, kind), "httpGet");
    }

    /** A container port, given by name or by number. */
    private Object containerPort(Object nameOrNumber) {
        List<Map<String, Object>> ports = list(container, "ports");
        if (nameOrNumber instanceof Integer) {
            assertThat(ports).extracting(p -> p.get("containerPort")).contains(nameOrNumber);
            return nameOrNumber;
        }
        return named(ports, (String) nameOrNumber).get("containerPort");
    }

    private static String mountPath(Map<String, Object> container, String volume) {
        return (String) named(list(container, "volumeMounts"), volume).get("mountPath");
    }
}
