package io.egressgate.gateway.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.egressgate.gateway.testbed.Kernel.must;
import static io.egressgate.gateway.testbed.Kernel.run;

/**
 * Three network namespaces: a client (10.61.1.2, fd61:1::2) routed through the gateway (10.61.1.1 /
 * 10.61.2.1), and a "public" side serving HTTP on documentation addresses (203.0.113.10, .11,
 * 198.51.100.10, 2001:db8:61::10, ::11) plus one internal address (10.61.3.2). Nothing leaves these
 * namespaces. Stale ones from a crashed run are removed first; everything is removed on close. The
 * addresses are the same in every run: they live inside the run's own namespaces.
 */
public final class Namespaces implements AutoCloseable {

    /**
     * Names carry this JVM's pid: two runs of these tests at once (two work trees, CI and a developer)
     * never share or remove each other's namespaces, and a crashed run's are recognised by a dead pid.
     */
    private static final String RUN = "egw-" + ProcessHandle.current().pid();
    public static final String CLIENT = RUN + "-cl";
    public static final String GATEWAY = RUN + "-gw";
    public static final String PUBLIC = RUN + "-pub";
    public static final String ALLOWED = "203.0.113.10";
    public static final String OTHER = "203.0.113.11";
    public static final String OTHER_NET = "198.51.100.10";
    public static final String INTERNAL = "10.61.3.2";
    public static final String ALLOWED6 = "2001:db8:61::10";
    public static final String OTHER6 = "2001:db8:61::11";
    public static final String GATEWAY_OUTSIDE = "10.61.2.1";
    public static final String CLIENT_ADDRESS = "10.61.1.2";
    public static final int PORT = 8080;

    private final List<Process> processes = new ArrayList<>();

    public static Namespaces create() {
        Kernel.requireTools("ip", "iptables", "ip6tables", "ipset", "curl", "sysctl");
        removeStale();
        Namespaces namespaces = new Namespaces();
        try {
            namespaces.build();
            return namespaces;
        } catch (RuntimeException | Error e) {
            namespaces.close();
            throw e;
        }
    }

    /** Removes egw-* namespaces left by runs whose JVM is gone (and this JVM's own, from an earlier failure). */
    public static void removeStale() {
        for (String line : run("ip", "netns", "list").out().split("\n")) {
            String name = line.split(" ")[0].strip();
            if (!name.startsWith("egw-")) {
                continue;
            }
            String[] parts = name.split("-");
            boolean alive = false;
            try {
                long pid = Long.parseLong(parts[1]);
                alive = pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // an older run's fixed name: stale by definition now
            }
            if (!alive) {
                run("ip", "netns", "del", name);
            }
        }
    }

    private void build() {
        for (String ns : List.of(CLIENT, GATEWAY, PUBLIC)) {
            must("ip", "netns", "add", ns);
            in(ns, "ip", "link", "set", "lo", "up");
        }
        must("ip", "link", "add", "egw-c0", "netns", CLIENT, "type", "veth", "peer", "name", "egw-g0", "netns", GATEWAY);
        must("ip", "link", "add", "egw-g1", "netns", GATEWAY, "type", "veth", "peer", "name", "egw-p0", "netns", PUBLIC);

        address(CLIENT, "egw-c0", CLIENT_ADDRESS + "/24", "fd61:1::2/64");
        in(CLIENT, "ip", "route", "add", "default", "via", "10.61.1.1");
        in(CLIENT, "ip", "-6", "route", "add", "default", "via", "fd61:1::1");

        address(GATEWAY, "egw-g0", "10.61.1.1/24", "fd61:1::1/64");
        address(GATEWAY, "egw-g1", GATEWAY_OUTSIDE + "/24", "fd61:2::1/64");
        for (String net : List.of("203.0.113.0/24", "198.51.100.0/24", "10.61.3.0/24")) {
            in(GATEWAY, "ip", "route", "add", net, "via", "10.61.2.2");
        }
        in(GATEWAY, "ip", "-6", "route", "add", "2001:db8::/32", "via", "fd61:2::2");

        address(PUBLIC, "egw-p0", "10.61.2.2/24", "fd61:2::2/64");
        for (String host : List.of(ALLOWED, OTHER, OTHER_NET, INTERNAL)) {
            in(PUBLIC, "ip", "addr", "add", host + "/32", "dev", "lo");
        }
        for (String host : List.of(ALLOWED6, OTHER6)) {
            in(PUBLIC, "ip", "-6", "addr", "add", host + "/128", "dev", "lo", "nodad");
        }
        in(PUBLIC, "ip", "route", "add", "default", "via", GATEWAY_OUTSIDE);
        in(PUBLIC, "ip", "-6", "route", "add", "default", "via", "fd61:2::1");
        startHttpServer();
    }

    private void address(String ns, String device, String v4, String v6) {
        in(ns, "ip", "addr", "add", v4, "dev", device);
        in(ns, "ip", "-6", "addr", "add", v6, "dev", device, "nodad");
        in(ns, "ip", "link", "set", device, "up");
    }

    private void startHttpServer() {
        Process server = start(PUBLIC, javaBinary(), "-Xmx64m", "-XX:+UseSerialGC", program("PublicHttpServer.java"),
                String.valueOf(PORT));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("ready")) {
                throw new IllegalStateException("the public HTTP server did not start: " + line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the public HTTP server did not start", e);
        }
    }

    /** A single-file Java program of the test bed (run with java's source launcher inside a namespace). */
    public static String program(String name) {
        URL resource = Namespaces.class.getResource("/testbed/" + name);
        if (resource == null) {
            throw new IllegalStateException("test resource testbed/" + name + " missing");
        }
        try {
            return Path.of(resource.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts a process inside a namespace; it is killed on close. */
    public Process start(String ns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + full, e);
        }
    }

    public static String in(String ns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return must(full.toArray(String[]::new));
    }

    public static Kernel.Result tryIn(String ns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return run(full);
    }

    /** One bounded HTTP request from the client; the body, or null if it did not get through in time. */
    public static String fetch(String host) {
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + PORT + "/";
        Kernel.Result result = tryIn(CLIENT, "curl", "-s", "--connect-timeout", "1", "-m", "3", url);
        return result.exitCode() == 0 ? result.out().strip() : null;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : List.of(CLIENT, GATEWAY, PUBLIC)) {
            run("ip", "netns", "del", ns);
        }
    }
}
