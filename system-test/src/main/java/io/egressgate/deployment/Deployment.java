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
     * none for the embedded H2; {@code serverPort} 0 picks a free one.
     */
    public record Settings(String name, List<String> databaseYaml, Resolver resolver, String adminToken,
                           int serverPort, Path workDir, Path logDir) {
    }

    private final Settings settings;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<Integer, GatewayProcess> gateways = new TreeMap<>();
    private final Thread shutdownHook = new Thread(this::close, "remove-the-box");
    private Topology topology;
    private DnsZone zone;
    private ServerProcess server;
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

        int port = settings.serverPort() == 0 ? ServerProcess.freePort() : settings.serverPort();
        server = new ServerProcess("server-" + settings.name(), dir("server-data"), writeServerConfig(), port,
                settings.adminToken(), settings.logDir());
        toClose.add(server);
        serverBoot = server.start();
        LOG.info(() -> "server " + settings.name() + " ready in " + serverBoot.toMillis() + " ms at " + server.baseUrl());
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
        write(tokenFile, server.api().createToken("gateway " + hostname, "gateway") + "\n");
        GatewayProcess gateway = new GatewayProcess(site, hostname, server.gatewayUrl(site), tokenFile,
                dir(hostname + "-state"), settings.logDir());
        toClose.add(gateway);
        gateways.put(site.number(), gateway.start());
        toClose.add(RouteProcess.start(site, settings.logDir()));
    }

    private Path writeServerConfig() {
        Resolver resolver = settings.resolver();
        List<String> yaml = new ArrayList<>(settings.databaseYaml());
        yaml.add("dns_servers: [\"" + zone.server() + "\"]");
        yaml.add("resolve_interval: " + resolver.interval().toSeconds());
        yaml.add("grace_period: " + resolver.gracePeriod().toSeconds());
        yaml.add("min_ttl: " + resolver.minTtl().toSeconds());
        Path config = settings.workDir().resolve("server-" + settings.name() + ".yaml");
        write(config, String.join("\n", yaml) + "\n");
        return config;
    }

    public ServerProcess server() {
        return server;
    }

    /** How long the first start of the server took, up to /health/ready. */
    public Duration serverBoot() {
        return serverBoot;
    }

    public ServerApi api() {
        return server.api();
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
