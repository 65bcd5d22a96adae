package io.egressgate.server.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Domain Data Grid (Payara's Hazelcast) that lets several servers on one MySQL database act as
 * one: {@code cluster_mode} takes Payara Micro's {@code --clusterMode} values and becomes the same
 * pre-boot settings that option makes; {@code cluster_interface} is the only address the grid binds
 * to; {@code cluster_port} its port (Payara's default 5900).
 */
record ClusterSettings(String mode, String bindInterface, int port) {

    static final int DEFAULT_PORT = 5900;
    /** Only egress-gate servers join: Payara's default group name is shared by every Payara on the network. */
    static final String GROUP_NAME = "egress-gate";

    static Optional<ClusterSettings> from(ServerConfig config) {
        Optional<String> mode = config.get("cluster_mode").map(String::strip);
        if (mode.isEmpty()) {
            config.get("cluster_interface").or(() -> config.get("cluster_port")).ifPresent(v -> {
                throw new ConfigException("cluster_interface and cluster_port need cluster_mode (without it the server runs alone)");
            });
            return Optional.empty();
        }
        if (!config.usesMysql()) {
            throw new ConfigException("cluster_mode needs MySQL (db_user, db_password, db_server, db_port, db_name):"
                    + " every instance must share one database, and the embedded H2 belongs to one instance");
        }
        checkMode(mode.get());
        String bindInterface = config.get("cluster_interface").map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new ConfigException("cluster_mode needs cluster_interface: the address the grid"
                        + " binds to (or a pattern such as 10.244.*.*), so it does not listen on every interface"));
        if (!bindInterface.matches("[0-9*\\-]+(\\.[0-9*\\-]+){3}")) {
            throw new ConfigException("cluster_interface must be an IPv4 address or pattern such as 10.244.*.*, not '"
                    + bindInterface + "'");
        }
        int port = config.get("cluster_port").map(p -> ConfigException.requirePort("cluster_port", p)).orElse(DEFAULT_PORT);
        return Optional.of(new ClusterSettings(mode.get(), bindInterface, port));
    }

    private static void checkMode(String mode) {
        boolean known = mode.equals("multicast") || mode.equals("kubernetes")
                || mode.matches("multicast:[0-9.]+:[0-9]{1,5}")
                || mode.matches("kubernetes:[a-z0-9-]+,[a-z0-9-]+")
                || mode.matches("(tcpip|dns):[^\\s,]+(,[^\\s,]+)*");
        if (!known) {
            throw new ConfigException("cluster_mode must be tcpip:HOST:PORT,..., dns:HOST:PORT,..., multicast,"
                    + " multicast:GROUP:PORT, kubernetes or kubernetes:NAMESPACE,SERVICE, not '" + mode + "'");
        }
    }

    /** What Payara Micro's {@code --clusterMode}, {@code --interfaces} and {@code --hzStartPort} set, as asadmin commands. */
    List<List<String>> preBootCommands() {
        List<String> settings = new ArrayList<>();
        if (mode.startsWith("tcpip:")) {
            settings.add("tcpip-members=" + mode.substring("tcpip:".length()));
            settings.add("discovery-mode=tcpip");
        } else if (mode.startsWith("dns:")) {
            settings.add("dns-members=" + mode.substring("dns:".length()));
            settings.add("discovery-mode=dns");
        } else if (mode.startsWith("kubernetes")) {
            if (mode.startsWith("kubernetes:")) {
                String[] namespaceAndService = mode.substring("kubernetes:".length()).split(",");
                settings.add("kubernetes-namespace=" + namespaceAndService[0]);
                settings.add("kubernetes-service-name=" + namespaceAndService[1]);
            }
            settings.add("discovery-mode=kubernetes");
        } else {
            if (mode.startsWith("multicast:")) {
                String[] groupAndPort = mode.split(":");
                settings.add("multicast-group=" + groupAndPort[1]);
                settings.add("multicast-port=" + groupAndPort[2]);
            }
            settings.add("discovery-mode=multicast");
        }
        settings.add("interface=" + bindInterface);
        settings.add("start-port=" + port);
        // a taken port stops the start instead of moving the grid where firewalls do not expect it
        settings.add("auto-increment-port=false");
        settings.add("cluster-group-name=" + GROUP_NAME);
        // backups on any other instance, also when several share a host (as the loopback tests do)
        settings.add("host-aware-partitioning=false");
        return settings.stream().map(s -> List.of("set", "hazelcast-runtime-configuration." + s)).toList();
    }

    /**
     * Hazelcast properties read from the JVM's system properties, unless the operator set them with
     * {@code -D}: bind only to {@code cluster_interface} (Hazelcast binds to every address by default),
     * no phoning home, and an instance that stops answering (a lost machine) leaves the grid within
     * 15 s rather than Hazelcast's 60, so its jobs move on within the resolver's two intervals.
     */
    void exportGridProperties() {
        setDefault("hazelcast.socket.bind.any", "false");
        setDefault("hazelcast.phone.home.enabled", "false");
        setDefault("hazelcast.heartbeat.interval.seconds", "1");
        setDefault("hazelcast.max.no.heartbeat.seconds", "15");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    String describe() {
        return "data grid " + mode + " on " + bindInterface + ":" + port;
    }
}
