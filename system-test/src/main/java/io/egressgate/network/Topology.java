package io.egressgate.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The namespaces of the box and the links between them:
 * <pre>
 *   root ns (server, Prometheus) ─ ege-sN ── ege-gNs ─ ege-gwN (gateway) ─ ege-gNp ── ege-pN ─ ege-pub
 *                                                         └ ege-gNc ── ege-cN ─ ege-clN (client)
 *   root ns ─ ege-dns ── ege-pdns ─ ege-pub (DNS server at 10.63.9.2)
 * </pre>
 * The public namespace holds the documentation-range hosts and one internal host (10.63.3.2) on its
 * loopback. No namespace has a default route, so nothing can leave the box. Everything named
 * {@code ege-*} belongs to this module: stale ones from a crashed run are removed before building.
 */
public final class Topology implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Topology.class.getName());

    public static final String PREFIX = "ege-";
    public static final Namespace PUBLIC = new Namespace(PREFIX + "pub");
    public static final String DNS_SERVER = "10.63.9.2";
    public static final String INTERNAL_HOST = "10.63.3.2";
    public static final List<String> PUBLIC_HOSTS = List.of(
            "203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13", "203.0.113.30", "203.0.113.31",
            "198.51.100.10", "198.51.100.11", "198.51.100.12", "198.51.100.20");
    private static final String DNS_ROOT_SIDE = "10.63.9.1";

    private final Map<Integer, Site> sites = new TreeMap<>();
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<String> rootLinks = new ArrayList<>();

    private Topology() {
    }

    /** Removes what an earlier run left, then builds the public side and site 1. */
    public static Topology create() {
        removeStale();
        Topology topology = new Topology();
        try {
            topology.buildPublicSide();
            topology.addSite(1);
            return topology;
        } catch (RuntimeException | Error e) {
            topology.close();
            throw e;
        }
    }

    public Site site(int number) {
        Site site = sites.get(number);
        if (site == null) {
            throw new IllegalStateException("site " + number + " is not built");
        }
        return site;
    }

    /** Builds another gateway with its client, both wired to the server and the public side. */
    public Site addSite(int number) {
        Site site = new Site(number);
        if (sites.containsKey(number)) {
            return sites.get(number);
        }
        sites.put(number, site);
        Namespace gateway = site.gateway();
        Namespace client = site.client();
        addNamespace(gateway);
        addNamespace(client);

        String toServer = site.link("s");
        rootLinks.add(toServer);
        Shell.must("ip", "link", "add", toServer, "type", "veth", "peer", "name", site.gatewayLink("s"),
                "netns", gateway.name());
        Shell.must("ip", "addr", "add", site.serverSide() + "/24", "dev", toServer);
        Shell.must("ip", "link", "set", toServer, "up");
        up(gateway, site.gatewayLink("s"), site.gatewayServerSide());

        Shell.must("ip", "link", "add", site.link("c"), "netns", client.name(), "type", "veth",
                "peer", "name", site.gatewayLink("c"), "netns", gateway.name());
        up(client, site.link("c"), site.clientAddress());
        up(gateway, site.gatewayLink("c"), site.gatewayClientSide());

        Shell.must("ip", "link", "add", site.gatewayLink("p"), "netns", gateway.name(), "type", "veth",
                "peer", "name", site.link("p"), "netns", PUBLIC.name());
        up(gateway, site.gatewayLink("p"), site.gatewayPublicSide());
        up(PUBLIC, site.link("p"), site.publicSideAddress());

        for (String network : List.of("203.0.113.0/24", "198.51.100.0/24", INTERNAL_HOST + "/32")) {
            gateway.must("ip", "route", "add", network, "via", site.publicSideAddress());
        }
        // internal traffic is not masqueraded: the public side must know the way back to the client
        PUBLIC.must("ip", "route", "add", site.clientNetwork(), "via", site.gatewayPublicSide());
        // the gateway doubles as the client's router for internal networks; public ones come from the route manager
        client.must("ip", "route", "add", INTERNAL_HOST + "/32", "via", site.gatewayClientSide());
        return site;
    }

    private void buildPublicSide() {
        addNamespace(PUBLIC);
        for (String host : PUBLIC_HOSTS) {
            PUBLIC.must("ip", "addr", "add", host + "/32", "dev", "lo");
        }
        PUBLIC.must("ip", "addr", "add", INTERNAL_HOST + "/32", "dev", "lo");
        String rootEnd = PREFIX + "dns";
        rootLinks.add(rootEnd);
        Shell.must("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", PREFIX + "pdns", "netns", PUBLIC.name());
        Shell.must("ip", "addr", "add", DNS_ROOT_SIDE + "/24", "dev", rootEnd);
        Shell.must("ip", "link", "set", rootEnd, "up");
        up(PUBLIC, PREFIX + "pdns", DNS_SERVER);
    }

    /** Cuts (or restores) the link between the server and a site's gateway, as a network fault would. */
    public void serverLink(Site site, boolean up) {
        Shell.must("ip", "link", "set", site.link("s"), up ? "up" : "down");
    }

    private void addNamespace(Namespace namespace) {
        Shell.must("ip", "netns", "add", namespace.name());
        namespaces.add(namespace);
        namespace.must("ip", "link", "set", "lo", "up");
    }

    private static void up(Namespace namespace, String device, String address) {
        namespace.must("ip", "addr", "add", address + "/24", "dev", device);
        namespace.must("ip", "link", "set", device, "up");
    }

    /** Every namespace and root-side link of this module, with whatever still runs in the namespaces. */
    public static void removeStale() {
        for (String line : Shell.run("ip", "netns", "list").out().split("\n")) {
            String name = line.strip().split(" ")[0];
            if (name.startsWith(PREFIX)) {
                LOG.info(() -> "removing stale namespace " + name);
                remove(new Namespace(name));
            }
        }
        for (String line : Shell.run("ip", "-o", "link", "show").out().split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                String device = fields[1].split("@")[0].strip();
                if (device.startsWith(PREFIX)) {
                    Shell.run("ip", "link", "del", device);
                }
            }
        }
    }

    /** Kills what still runs inside (by pid, only processes in this namespace), then deletes it. */
    private static void remove(Namespace namespace) {
        for (String pid : Shell.run("ip", "netns", "pids", namespace.name()).out().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Shell.run("ip", "netns", "del", namespace.name());
    }

    @Override
    public synchronized void close() {
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            remove(namespaces.get(i));
        }
        rootLinks.forEach(link -> Shell.run("ip", "link", "del", link));
        namespaces.clear();
        rootLinks.clear();
        sites.clear();
    }
}
