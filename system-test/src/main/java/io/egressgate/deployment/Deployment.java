package io.egressgate.deployment;

import io.egressgate.internet.DnsZone;
import io.egressgate.network.RunningProcess;
import io.egressgate.network.Site;
import io.egressgate.network.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole system in one box: the topology, the public web hosts, the DNS zone, the server, and per
 * site a gateway and a client running the route manager. {@link #close()} removes all of it, and a
 * shutdown hook does the same if the JVM is stopped first (Ctrl-C, a killed test run).
 */
public final class Deployment implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deployment.class.getName());

    /** The server's resolver settings (YAML: resolve_interval, grace_period, min_ttl, in seconds). */
    public record Resolver(Duration interval, Duration gracePeriod, Duration minTtl) {
    }

    /**
     * What to deploy. {@code databaseYaml}: extra lines of the server's YAML selecting MySQL/MariaDB, or
     * none for the embedded H2; {@code serverPort} 0 picks a free one (the first instance's port).
     * {@code instances}: more than one runs that many servers on the same database, joined by the data
     * grid on loopback, and every gateway lists them all, the first instance first.
     */
    public record Settings(String name, List<String> databaseYaml, Resolver resolver, String adminToken,
                           int serverPort, Path workDir, Path logDir, int instances) {

        public Settings {
            if (instances < 1) {
                throw new IllegalArgumentException("instances must be at least 1: " + instances);
            }
        }

        public Settings(String name, List<String> databaseYaml, Resolver resolver, String adminToken,
                        int serverPort, Path workDir, Path logDir) {
            this(name, databaseYaml, resolver, adminToken, serverPort, workDir, logDir, 1);
        }
    }

    private final Settings settings;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<Integer, GatewayProcess> gateways = new TreeMap<>();
    private final Thread shutdownHook = new Thread(this::close, "remove-the-box");
    private Topology topology;
    private DnsZone zone;
    private final List<ServerProcess> servers = new ArrayList<>();
    private Duration serverBoot;
    private boolean closed;

    private Deployment(Settings settings) {
        this.settings = settings;
    }

    /** Builds and starts everything with site 1; on any failure removes what it built and rethrows. */
    public static Deployment start(Settings settings) {
        Artifacts.requireBuilt();
        Deployment deployment = new Deployment(settings);
        Runtime.getRuntime().addShutdownHook(deployment.shutdownHook);
        try {
            deployment.build();
            return deployment;
        } catch (RuntimeException | Error e) {
            deployment.close();
            throw e;
        }
    }

    private void build() {
        topology = Topology.create();
        RunningProcess web = RunningProcess.start("public-web", Topology.PUBLIC.command(Artifacts.java(), "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", Artifacts.ownClasspath(), "io.egressgate.internet.PublicWeb", "80"),
                settings.logDir(), Map.of());
        toClose.add(web);
        web.awaitOutput("public web ready", Duration.ofSeconds(30));
        zone = DnsZone.start(settings.workDir(), settings.logDir());
        toClose.add(zone);

        List<String> gridPorts = new ArrayList<>();
        for (int i = 0; i < settings.instances(); i++) {
            gridPorts.add("127.0.0.1:" + ServerProcess.freePort());
        }
        for (int i = 0; i < settings.instances(); i++) {
            String suffix = i == 0 ? "" : "-" + (i + 1);
            int port = i == 0 && settings.serverPort() != 0 ? settings.serverPort() : ServerProcess.freePort();
            List<String> cluster = settings.instances() == 1 ? List.of() : List.of(
                    "cluster_mode: \"tcpip:" + String.join(",", gridPorts) + "\"", "cluster_interface: \"127.0.0.1\"",
                    "cluster_port: " + gridPorts.get(i).substring(gridPorts.get(i).indexOf(':') + 1));
            ServerProcess server = new ServerProcess("server-" + settings.name() + suffix, dir("server-data" + suffix),
                    writeServerConfig(suffix, cluster), port, settings.adminToken(), settings.logDir());
            toClose.add(server);
            servers.add(server);
            // one after the other: the first is the grid's oldest member
            Duration boot = server.start();
            if (i == 0) {
                serverBoot = boot;
            }
            LOG.info(() -> server.name() + " ready in " + boot.toMillis() + " ms at " + server.baseUrl());
        }
        startSite(topology.site(1));
    }

    /** Adds site {@code number}: its namespaces, a gateway with a token of its own, a client with the route manager. */
    public Site addSite(int number) {
        Site site = topology.addSite(number);
        startSite(site);
        return site;
    }

    private void startSite(Site site) {
        String hostname = "gw-" + site.number();
        Path tokenFile = settings.workDir().resolve(hostname + ".token");
        write(tokenFile, server().api().createToken("gateway " + hostname, "gateway") + "\n");
        String serverUrls = String.join(",", servers.stream().map(server -> server.gatewayUrl(site)).toList());
        GatewayProcess gateway = new GatewayProcess(site, hostname, serverUrls, tokenFile,
                dir(hostname + "-state"), settings.logDir());
        toClose.add(gateway);
        gateways.put(site.number(), gateway.start());
        toClose.add(RouteProcess.start(site, settings.logDir()));
    }

    private Path writeServerConfig(String suffix, List<String> cluster) {
        Resolver resolver = settings.resolver();
        List<String> yaml = new ArrayList<>(settings.databaseYaml());
        yaml.addAll(cluster);
        yaml.add("dns_servers: [\"" + zone.server() + "\"]");
        yaml.add("resolve_interval: " + resolver.interval().toSeconds());
        yaml.add("grace_period: " + resolver.gracePeriod().toSeconds());
        yaml.add("min_ttl: " + resolver.minTtl().toSeconds());
        Path config = settings.workDir().resolve("server-" + settings.name() + suffix + ".yaml");
        write(config, String.join("\n", yaml) + "\n");
        return config;
    }

    /** The first instance: the only one, or the grid's oldest member. */
    public ServerProcess server() {
        return servers.get(0);
    }

    /** Every instance, the first first. */
    public List<ServerProcess> servers() {
        return List.copyOf(servers);
    }

    /** How long the first start of the server took, up to /health/ready. */
    public Duration serverBoot() {
        return serverBoot;
    }

    public ServerApi api() {
        return server().api();
    }

    public GatewayProcess gateway(int site) {
        GatewayProcess gateway = gateways.get(site);
        if (gateway == null) {
            throw new IllegalStateException("no gateway at site " + site);
        }
        return gateway;
    }

    public List<GatewayProcess> gateways() {
        return List.copyOf(gateways.values());
    }

    public ClientProbe client(int site) {
        return new ClientProbe(topology.site(site));
    }

    public Topology topology() {
        return topology;
    }

    public DnsZone zone() {
        return zone;
    }

    public Settings settings() {
        return settings;
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(settings.workDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Stops every process (newest first), then removes namespaces and links. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "while removing the box: " + e.getMessage(), e);
            }
        }
        if (topology != null) {
            topology.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }
}
