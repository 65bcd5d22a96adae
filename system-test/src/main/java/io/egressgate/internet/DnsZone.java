package io.egressgate.internet;

import io.egressgate.network.RunningProcess;
import io.egressgate.network.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DNS server the box's resolver asks: dnsmasq in the public namespace, answering only from a
 * hosts file this class rewrites (and re-reads with SIGHUP), with a TTL of one second so a change is
 * seen at once. It forwards nothing anywhere ({@code --no-resolv}) and answers like an authoritative
 * server ({@code --local=/#/}): an unknown name is NXDOMAIN, a missing record type (AAAA) is an empty
 * NOERROR — without it dnsmasq answers REFUSED, which a resolver rightly records as an error.
 */
public final class DnsZone implements AutoCloseable {

    public static final int TTL_SECONDS = 1;

    private final Path hostsFile;
    private final Map<String, List<String>> records = new TreeMap<>();
    private final RunningProcess dnsmasq;

    private DnsZone(Path hostsFile, RunningProcess dnsmasq) {
        this.hostsFile = hostsFile;
        this.dnsmasq = dnsmasq;
    }

    public static DnsZone start(Path workDir, Path logDir) {
        try {
            Path hosts = workDir.resolve("zone.hosts");
            Files.writeString(hosts, "");
            RunningProcess process = RunningProcess.start("dnsmasq", Topology.PUBLIC.command("dnsmasq",
                    "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--local=/#/",
                    "--addn-hosts=" + hosts, "--listen-address=" + Topology.DNS_SERVER, "--bind-interfaces",
                    "--port=53", "--local-ttl=" + TTL_SECONDS, "--user=root", "--pid-file=" + workDir.resolve("dnsmasq.pid"),
                    "--log-facility=-", "--log-queries"), logDir, Map.of());
            DnsZone zone = new DnsZone(hosts, process);
            try {
                process.awaitOutput("started, version", Duration.ofSeconds(15));
            } catch (RuntimeException e) {
                zone.close();
                throw e;
            }
            return zone;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the zone's hosts file", e);
        }
    }

    /** The address the server's {@code dns_servers} points at. */
    public String server() {
        return Topology.DNS_SERVER + ":53";
    }

    /** Makes {@code name} answer exactly these addresses (none: the name disappears). */
    public synchronized void set(String name, String... addresses) {
        if (addresses.length == 0) {
            records.remove(name);
        } else {
            records.put(name, List.of(addresses));
        }
        StringBuilder text = new StringBuilder();
        records.forEach((host, list) -> list.forEach(address -> text.append(address).append(' ').append(host).append('\n')));
        String marker = "read " + hostsFile;
        int readsBefore = count(dnsmasq.output(), marker);
        try {
            Path next = hostsFile.resolveSibling(hostsFile.getFileName() + ".next");
            Files.writeString(next, text.toString());
            Files.move(next, hostsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + hostsFile, e);
        }
        dnsmasq.signal("HUP");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count(dnsmasq.output(), marker) <= readsBefore) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dnsmasq did not re-read " + hostsFile + " after SIGHUP; log " + dnsmasq.log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    public Path hostsFile() {
        return hostsFile;
    }

    public Path log() {
        return dnsmasq.log();
    }

    /** dnsmasq's process id: after editing the hosts file by hand, {@code kill -HUP} it. */
    public long pid() {
        return dnsmasq.pid();
    }

    private static int count(String text, String marker) {
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        dnsmasq.stop(Duration.ofSeconds(5));
    }
}
