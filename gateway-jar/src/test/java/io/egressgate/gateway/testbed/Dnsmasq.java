package io.egressgate.gateway.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for the forwarder's tests: dnsmasq answering only the records given here, on a
 * loopback port or inside a namespace, forwarding nothing anywhere ({@code --no-resolv}); unknown
 * names are NXDOMAIN ({@code --local=/#/}).
 */
public final class Dnsmasq implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private Dnsmasq(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * @param namespace   where it runs, or null for this namespace
     * @param address     the address it listens on
     * @param records     dnsmasq options such as {@code --host-record=a.example.com,198.51.100.7}
     */
    public static Dnsmasq start(String namespace, String address, int port, int ttlSeconds, List<String> records) {
        try {
            Path log = Files.createTempFile("egress-gate-dnsmasq", ".log");
            List<String> command = new ArrayList<>();
            if (namespace != null) {
                command.addAll(List.of("ip", "netns", "exec", namespace));
            }
            command.addAll(List.of("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                    "--no-poll", "--local=/#/", "--listen-address=" + address, "--bind-interfaces", "--port=" + port,
                    "--local-ttl=" + ttlSeconds, "--user=root", "--pid-file=", "--log-facility=-", "--log-queries"));
            command.addAll(records);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Dnsmasq dnsmasq = new Dnsmasq(process, log, port);
            for (int i = 0; i < 150 && !dnsmasq.output().contains("started, version"); i++) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dnsmasq stopped: " + dnsmasq.output());
                }
                Thread.sleep(100);
            }
            if (!dnsmasq.output().contains("started, version")) {
                dnsmasq.close();
                throw new IllegalStateException("dnsmasq did not start: " + dnsmasq.output());
            }
            return dnsmasq;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dnsmasq (apt-get install dnsmasq-base)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** What dnsmasq logged, queries included. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file
        }
    }
}
