package io.egressgate.demo;

import io.egressgate.deployment.Deployment;
import io.egressgate.deployment.GatewayProcess;
import io.egressgate.network.Shell;
import io.egressgate.network.Site;
import io.egressgate.network.Topology;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./dev demo}: the server (embedded H2), one gateway, one client running the route manager, and
 * a public side with web hosts and a DNS server, all in {@code ege-*} namespaces on this machine.
 * Prints what to try; Ctrl-C removes everything. Flags: {@code --port N} for the server (default 8080,
 * or a free port when 8080 is taken).
 */
public final class Demo {

    static final String DOMAIN = "shop.example.net";
    static final String DOMAIN_ADDRESS = "203.0.113.30";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length == 2 && args[0].replaceFirst("^--?", "").equals("port") ? Integer.parseInt(args[1])
                : freeOr(8080);
        String problem = problem();
        if (problem != null) {
            System.err.println("egress-gate demo: " + problem);
            System.exit(1);
        }
        Path work = Files.createTempDirectory("egress-gate-demo-");
        Path logs = work.resolve("logs");
        String token = System.getenv().getOrDefault("EGRESS_GATE_ADMIN_TOKEN",
                "demo-" + HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(12)));
        System.out.println("egress-gate demo: building the box in namespaces " + Topology.PREFIX + "* (the server"
                + " takes 20-60 s to boot); logs in " + logs);
        Deployment box = Deployment.start(new Deployment.Settings("demo", List.of(),
                new Deployment.Resolver(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5)),
                token, port, work, logs));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\negress-gate demo: removing everything (processes, namespaces, links)...");
            box.close();
            removeExceptLogs(work);
            System.out.println("egress-gate demo: gone; logs kept in " + logs);
            stopped.countDown();
        }, "demo-stop"));
        box.zone().set(DOMAIN, DOMAIN_ADDRESS);
        System.out.println(instructions(box, token));
        stopped.await();
    }

    static String instructions(Deployment box, String token) {
        Site site = box.topology().site(1);
        GatewayProcess gateway = box.gateway(1);
        String server = "http://localhost:" + box.server().port();
        String client = "ip netns exec " + site.client().name();
        return String.join("\n",
                "",
                "egress-gate demo is up. Everything lives in namespaces " + Topology.PREFIX + "*; Ctrl-C removes it all.",
                "",
                "  console          " + server + "/",
                "  admin token      " + token,
                "  allow an address curl -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' \\",
                "                        -d '{\"value\":\"203.0.113.10\"}' " + server + "/api/v1/entries",
                "  allow a domain   ... -d '{\"value\":\"" + DOMAIN + "\"}' ...   (the demo's DNS answers " + DOMAIN_ADDRESS + ")",
                "  the allowlist    curl -H 'Authorization: Bearer " + token + "' " + server + "/api/v1/allowlist",
                "",
                "  from the client  " + client + " curl -m 3 http://203.0.113.10/",
                "                   (times out until allowed; then answers '203.0.113.10 saw " + site.gatewayPublicSide()
                        + "': the gateway NATs)",
                "  public hosts     " + String.join(" ", Topology.PUBLIC_HOSTS),
                "  internal host    " + client + " curl -m 3 http://" + Topology.INTERNAL_HOST + "/   (never blocked)",
                "  client routes    " + client + " ip route show proto 230   (installed by the route manager)",
                "",
                "  gateway metrics  curl " + gateway.metricsUrl(),
                "  server metrics   curl -H 'Authorization: Bearer " + token + "' " + server + "/metrics",
                "  DNS records      edit " + box.zone().hostsFile() + ", then kill -HUP " + box.zone().pid()
                        + " (resolver every 10 s, grace period 60 s)",
                "  a shell there    " + client + " bash",
                "");
    }

    private static String problem() {
        if (!Shell.run("id", "-u").out().strip().equals("0")) {
            return "run as root: the demo creates network namespaces, iptables rules and ipsets";
        }
        for (String tool : List.of("ip", "iptables", "ipset", "curl", "dnsmasq")) {
            if (!Shell.available(tool)) {
                return "missing " + tool + " (apt-get install iproute2 iptables ipset curl dnsmasq-base)";
            }
        }
        return null;
    }

    private static int freeOr(int preferred) {
        try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getByName("0.0.0.0"))) {
            return preferred;
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void removeExceptLogs(Path work) {
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.startsWith(work.resolve("logs")) && !path.equals(work))
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("egress-gate demo: could not remove " + work + ": " + e.getMessage());
        }
    }
}
