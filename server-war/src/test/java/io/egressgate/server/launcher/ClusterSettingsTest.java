package io.egressgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster_mode, cluster_interface, cluster_port: what Payara Micro is told, and what stops the start. */
class ClusterSettingsTest {

    private static final String MYSQL = "db_user: u\ndb_password: p\ndb_server: db\ndb_port: 3306\ndb_name: eg\n";

    @TempDir
    Path dir;

    private ServerConfig read(String yaml) throws Exception {
        return ServerConfig.read(Files.writeString(dir.resolve("server.yaml"), yaml));
    }

    @Test
    void withoutClusterModeNoGridRuns() throws Exception {
        assertThat(ClusterSettings.from(read(MYSQL))).isEmpty();
        assertThatThrownBy(() -> read(MYSQL + "cluster_port: 5901\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("need cluster_mode");
    }

    @Test
    void theEmbeddedH2RefusesAClusterInOneLine() {
        assertThatThrownBy(() -> read("cluster_mode: multicast\ncluster_interface: 10.0.0.5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster_mode needs MySQL")
                .hasMessageNotContaining("\n");
    }

    @Test
    void tcpipBecomesPayarasOwnSettingsBoundToTheInterface() throws Exception {
        ClusterSettings settings = ClusterSettings.from(read(MYSQL
                + "cluster_mode: tcpip:10.0.0.5:5901,10.0.0.6:5901\ncluster_interface: 10.0.0.5\ncluster_port: 5901\n")).orElseThrow();
        assertThat(settings.preBootCommands()).contains(
                List.of("set", "hazelcast-runtime-configuration.tcpip-members=10.0.0.5:5901,10.0.0.6:5901"),
                List.of("set", "hazelcast-runtime-configuration.discovery-mode=tcpip"),
                List.of("set", "hazelcast-runtime-configuration.interface=10.0.0.5"),
                List.of("set", "hazelcast-runtime-configuration.start-port=5901"),
                List.of("set", "hazelcast-runtime-configuration.cluster-group-name=egress-gate"));
    }

    @Test
    void kubernetesAndDnsAndMulticastAreDiscoveryModes() throws Exception {
        assertThat(ClusterSettings.from(read(MYSQL + "cluster_mode: kubernetes:egress,egress-gate-grid\ncluster_interface: 10.244.*.*\n"))
                .orElseThrow().preBootCommands()).contains(
                List.of("set", "hazelcast-runtime-configuration.kubernetes-namespace=egress"),
                List.of("set", "hazelcast-runtime-configuration.kubernetes-service-name=egress-gate-grid"),
                List.of("set", "hazelcast-runtime-configuration.discovery-mode=kubernetes"),
                List.of("set", "hazelcast-runtime-configuration.start-port=5900"));
        assertThat(ClusterSettings.from(read(MYSQL + "cluster_mode: dns:grid.example:5900\ncluster_interface: 10.0.0.5\n"))
                .orElseThrow().preBootCommands()).contains(List.of("set", "hazelcast-runtime-configuration.discovery-mode=dns"));
        assertThat(ClusterSettings.from(read(MYSQL + "cluster_mode: multicast\ncluster_interface: 10.0.0.5\n"))
                .orElseThrow().preBootCommands()).contains(List.of("set", "hazelcast-runtime-configuration.discovery-mode=multicast"));
    }

    @Test
    void badValuesStopTheStartNamingTheKey() {
        for (String bad : new String[] {"cluster_mode: everywhere\ncluster_interface: 10.0.0.5\n",
                "cluster_mode: \"tcpip:\"\ncluster_interface: 10.0.0.5\n",
                "cluster_mode: domain:das:4900\ncluster_interface: 10.0.0.5\n",
                "cluster_mode: multicast\n",
                "cluster_mode: multicast\ncluster_interface: eth0\n",
                "cluster_mode: multicast\ncluster_interface: 10.0.0.5\ncluster_port: 70000\n"}) {
            assertThatThrownBy(() -> read(MYSQL + bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cluster_");
        }
    }
}
