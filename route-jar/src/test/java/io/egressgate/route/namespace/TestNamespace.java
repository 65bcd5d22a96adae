package io.egressgate.route.namespace;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace shaped like a host: interface egr0 at 10.62.0.2/24 and 2001:db8:62::2/64
 * (its veth peer egr1 lives in the same namespace, so nothing touches the machine's own network),
 * a default router at .254 / ::fe, and gateways .1 and .3 on the connected network.
 */
public final class TestNamespace implements AutoCloseable {

    public static final String HOST_ADDRESS = "10.62.0.2";
    public static final String GATEWAY = "10.62.0.1";
    public static final String OTHER_GATEWAY = "10.62.0.3";
    public static final String ROUTER = "10.62.0.254";
    public static final String GATEWAY6 = "2001:db8:62::1";
    public static final String ROUTER6 = "2001:db8:62::fe";

    private static final long TIMEOUT_SECONDS = 60;

    private final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    /**
     * Skips (or, with CI=true, fails) when this machine cannot make namespaces: not root, or no iproute2.
     */
    public static void requireNamespaces() {
        String problem = null;
        try {
            Result id = exec(List.of("id", "-u"));
            Result ip = exec(List.of("ip", "-V"));
            if (!id.stdout().strip().equals("0")) {
                problem = "these tests need root (they create network namespaces)";
            } else if (ip.exitCode() != 0) {
                problem = "'ip -V' failed: " + ip.stderr();
            }
        } catch (IOException e) {
            problem = "iproute2 is not installed: " + e.getMessage();
        }
        if (problem != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(problem + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(problem);
        }
    }

    /** Removes namespaces of an earlier crashed run whose name starts with {@code prefix}. */
    public static void removeStale(String prefix) {
        for (String line : exec(List.of("ip", "netns", "list"), false).stdout().split("\n")) {
            String existing = line.split(" ")[0].strip();
            if (existing.startsWith(prefix)) {
                exec(List.of("ip", "netns", "del", existing), false);
            }
        }
    }

    public static TestNamespace create(String name) {
        if (!name.startsWith("egr-")) {
            throw new IllegalArgumentException("route test namespaces are called egr-*");
        }
        exec(List.of("ip", "netns", "del", name), false);
        TestNamespace namespace = new TestNamespace(name);
        run(List.of("ip", "netns", "add", name));
        try {
            namespace.ip("link", "set", "lo", "up");
            namespace.ip("link", "add", "egr0", "type", "veth", "peer", "name", "egr1");
            for (String device : List.of("egr0", "egr1")) {
                // No automatic link-local addresses: the table must not change by itself during a test.
                namespace.ip("link", "set", device, "addrgenmode", "none");
                namespace.ip("link", "set", device, "up");
            }
            namespace.ip("addr", "add", HOST_ADDRESS + "/24", "dev", "egr0");
            namespace.ip("addr", "add", "2001:db8:62::2/64", "dev", "egr0", "nodad");
            namespace.ip("route", "add", "default", "via", ROUTER);
            namespace.ip("-6", "route", "add", "default", "via", ROUTER6);
            return namespace;
        } catch (RuntimeException | AssertionError e) {
            namespace.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** {@code ip -n NAME args}, which must succeed; returns its standard output. */
    public String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return run(command).stdout();
    }

    /** The next hop the namespace's kernel picks for {@code address}, or "direct" when there is none. */
    public String nextHopFor(String address) {
        String route = ip(address.contains(":") ? "-6" : "-4", "route", "get", address);
        String[] words = route.split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("via")) {
                return words[i + 1];
            }
        }
        return "direct";
    }

    /** Every route of every table, both families: what "the table exactly as before" compares. */
    public String allTables() {
        return ip("route", "show", "table", "all") + ip("-6", "route", "show", "table", "all");
    }

    public List<String> ownedRoutes(String family) {
        return ip(family, "route", "show", "table", "all", "proto", "230").lines().toList();
    }

    /** Runs the route manager jar inside the namespace until it exits. */
    public Result runJar(String... args) {
        try {
            return exec(jarCommand(args));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the route manager jar inside the namespace; the caller stops it. */
    public Process startJar(Path log, String... args) throws IOException {
        return new ProcessBuilder(jarCommand(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private List<String> jarCommand(String... args) {
        String jar = System.getProperty("route.jar", "target/egress-gate-route.jar");
        Assertions.assertTrue(Files.isRegularFile(Path.of(jar)), jar + " is missing; run mvn verify");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name, java,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public void close() {
        exec(List.of("ip", "netns", "del", name), false);
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command) {
        return exec(command, true);
    }

    private static Result exec(List<String> command, boolean mustSucceed) {
        try {
            Result result = exec(command);
            if (mustSucceed && result.exitCode() != 0) {
                Assertions.fail(String.join(" ", command) + " failed with " + result.exitCode() + ": " + result.stderr());
            }
            return result;
        } catch (IOException e) {
            if (mustSucceed) {
                Assertions.fail("cannot run " + command.get(0) + ": " + e.getMessage());
            }
            return new Result(-1, "", e.getMessage());
        }
    }

    private static Result exec(List<String> command) throws IOException {
        Path out = Files.createTempFile("egr-out", ".txt");
        Path err = Files.createTempFile("egr-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
