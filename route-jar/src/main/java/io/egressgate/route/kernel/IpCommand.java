package io.egressgate.route.kernel;

import io.egressgate.route.routes.Gateway;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import io.egressgate.route.routes.RouteTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's routes through iproute2's {@code ip}: one process per read, one per batch. With a
 * namespace name it runs {@code ip -n NAME}, which benchmarks use to act on a namespace they made.
 */
public final class IpCommand implements KernelRoutes {

    private static final long TIMEOUT_SECONDS = 20;
    /**
     * Own threads for reading `ip`'s output: the common pool has a single thread on a 2-core host,
     * and stdout and stderr must be read at the same time or a chatty `ip` blocks on a full pipe.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ip-output");
        thread.setDaemon(true);
        return thread;
    });

    private final String namespace;

    private IpCommand(String namespace) {
        this.namespace = namespace;
    }

    /** The namespace this process runs in, as for a host or a pod with {@code hostNetwork}. */
    public static IpCommand ofThisHost() {
        return new IpCommand(null);
    }

    public static IpCommand inNamespace(String namespace) {
        return new IpCommand(namespace);
    }

    @Override
    public List<KernelRoute> routes(IpFamily family, RouteTable table) throws KernelException {
        Result result = run(null, "-N", "-json", family.ipOption(), "route", "show", "table", Long.toString(table.id()));
        if (result.exitCode != 0) {
            // A table nobody has put a route into yet does not exist; for us that is an empty table.
            if (result.stderr.contains("table does not exist")) {
                return List.of();
            }
            throw new KernelException("cannot read the " + family + " routes of table " + table + ": "
                    + firstLine(result.stderr));
        }
        return RouteJson.routes(result.stdout, family);
    }

    @Override
    public BatchOutcome apply(List<String> batchLines) throws KernelException {
        if (batchLines.isEmpty()) {
            return new BatchOutcome(0, List.of());
        }
        String input = String.join("\n", batchLines) + "\n";
        Result result = run(input, "-force", "-batch", "-");
        return BatchOutcome.of(result.exitCode, result.stderr, batchLines);
    }

    @Override
    public RouteLookup lookup(InetAddress destination, String device) throws KernelException {
        IpFamily family = IpFamily.of(destination);
        List<String> args = new ArrayList<>(List.of("-N", "-json", family.ipOption(), "route", "get",
                Gateway.of(destination).addressText()));
        if (device != null) {
            args.addAll(List.of("oif", device));
        }
        Result result = run(null, args.toArray(String[]::new));
        if (result.exitCode != 0) {
            return RouteLookup.unreachable(destination, firstLine(result.stderr));
        }
        return RouteJson.lookup(result.stdout, destination);
    }

    private Result run(String input, String... args) throws KernelException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        if (namespace != null) {
            command.add("-n");
            command.add(namespace);
        }
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new KernelException("cannot run 'ip' (is iproute2 installed?): " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new KernelException("'" + String.join(" ", command) + "' did not finish within "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException | UncheckedIOException e) {
            process.destroyForcibly();
            throw new KernelException("talking to 'ip' failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KernelException("interrupted while waiting for 'ip'", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? (stripped.isEmpty() ? "no reason given" : stripped) : stripped.substring(0, newline);
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
