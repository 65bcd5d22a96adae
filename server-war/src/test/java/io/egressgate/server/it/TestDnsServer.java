package io.egressgate.server.it;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server for tests, on dnsjava's message classes: UDP and TCP on
 * 127.0.0.1 only, records the test changes while the server under test runs, and names that can
 * be told to stay silent, answer SERVFAIL, REFUSED or NXDOMAIN, or answer late. UDP answers larger
 * than the client's limit (512, or its EDNS size) are truncated, so the client must retry over TCP.
 *
 * <p>Addresses are refused unless they are in a documentation range or an internal range: a test
 * may make the resolver see 10.0.0.1 (which it must never allow), but never a real public host.
 */
public final class TestDnsServer implements AutoCloseable {

    public enum Behaviour { ANSWER, SILENT, SERVFAIL, REFUSED, NXDOMAIN }

    private static final List<Cidr> DOCUMENTATION = List.of(Cidr.parse("192.0.2.0/24"),
            Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8::/32"));
    private static final InternalRanges INTERNAL = InternalRanges.defaults();
    private volatile SOARecord soa = soa(30);

    private record NameData(List<Record> records, Behaviour behaviour, long delayMillis) {
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, NameData> zone = new ConcurrentHashMap<>();
    private final Map<Name, AtomicLong> queries = new ConcurrentHashMap<>();
    private final AtomicLong tcpQueries = new AtomicLong();
    private final AtomicLong udpQueries = new AtomicLong();
    private final ScheduledExecutorService late = Executors.newSingleThreadScheduledExecutor(daemon("dns-late"));
    private volatile boolean chainInAnswer = true;
    private volatile Behaviour everyName;
    private volatile boolean closed;

    public TestDnsServer() throws IOException {
        DatagramSocket boundUdp = null;
        ServerSocket boundTcp = null;
        for (int attempt = 0; attempt < 20 && boundTcp == null; attempt++) {
            boundUdp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                boundTcp = new ServerSocket(boundUdp.getLocalPort(), 50, InetAddress.getLoopbackAddress());
            } catch (IOException taken) {
                boundUdp.close();
            }
        }
        if (boundTcp == null) {
            throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
        }
        udp = boundUdp;
        udp.setReceiveBufferSize(4 << 20); // a burst of thousands of queries must not overflow it
        tcp = boundTcp;
        daemon("dns-udp").newThread(this::serveUdp).start();
        daemon("dns-tcp").newThread(this::acceptTcp).start();
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** "127.0.0.1:port", as dns_servers wants it. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    // ---- the zone

    public TestDnsServer a(String name, long ttl, String... addresses) {
        return set(name, Type.A, ttl, addresses);
    }

    public TestDnsServer aaaa(String name, long ttl, String... addresses) {
        return set(name, Type.AAAA, ttl, addresses);
    }

    public TestDnsServer cname(String name, String target, long ttl) {
        Name owner = name(name);
        put(owner, List.of(new CNAMERecord(owner, DClass.IN, ttl, name(target))));
        return this;
    }

    /** The name has no A and no AAAA records, but exists (NODATA). */
    public TestDnsServer empty(String name) {
        put(name(name), List.of());
        return this;
    }

    /** The name does not exist (NXDOMAIN). */
    public TestDnsServer remove(String name) {
        zone.remove(name(name));
        return this;
    }

    public TestDnsServer behave(String name, Behaviour behaviour) {
        Name owner = name(name);
        zone.compute(owner, (key, data) -> new NameData(data == null ? List.of() : data.records(), behaviour,
                data == null ? 0 : data.delayMillis()));
        return this;
    }

    /** Answers for this name come only after {@code delay}. */
    public TestDnsServer delay(String name, Duration delay) {
        Name owner = name(name);
        zone.compute(owner, (key, data) -> new NameData(data == null ? List.of() : data.records(),
                data == null ? Behaviour.ANSWER : data.behaviour(), delay.toMillis()));
        return this;
    }

    /** Overrides every name's behaviour (null: each name's own again) — a whole resolver failing. */
    public void everyName(Behaviour behaviour) {
        everyName = behaviour;
    }

    /** How long "no such name" and "no such record" answers may be cached (the SOA minimum; 30 s unless set). */
    public void negativeTtl(long seconds) {
        soa = soa(seconds);
    }

    private static SOARecord soa(long minimum) {
        return new SOARecord(Name.root, DClass.IN, Math.max(60, minimum), name("ns.test.example"),
                name("hostmaster.test.example"), 1, 3600, 600, 86400, minimum);
    }

    /** False: a CNAME is answered alone, and the client must ask for its target itself. */
    public void chainInAnswer(boolean follow) {
        chainInAnswer = follow;
    }

    public long queriesFor(String name) {
        AtomicLong count = queries.get(name(name));
        return count == null ? 0 : count.get();
    }

    public long tcpQueries() {
        return tcpQueries.get();
    }

    public long udpQueries() {
        return udpQueries.get();
    }

    private TestDnsServer set(String name, int type, long ttl, String... addresses) {
        Name owner = name(name);
        List<Record> records = new ArrayList<>();
        NameData old = zone.get(owner);
        if (old != null) {
            old.records().stream().filter(r -> r.getType() != type && r.getType() != Type.CNAME).forEach(records::add);
        }
        for (String text : addresses) {
            InetAddress address = Cidr.parse(text).address();
            Cidr host = Cidr.host(address);
            if (DOCUMENTATION.stream().noneMatch(d -> d.contains(host)) && INTERNAL.overlapping(host).isEmpty()) {
                throw new IllegalArgumentException(text + " is neither a documentation nor an internal address");
            }
            records.add(type == Type.A ? new ARecord(owner, DClass.IN, ttl, address)
                    : new AAAARecord(owner, DClass.IN, ttl, address));
        }
        put(owner, records);
        return this;
    }

    private void put(Name owner, List<Record> records) {
        zone.compute(owner, (key, data) -> new NameData(List.copyOf(records),
                data == null ? Behaviour.ANSWER : data.behaviour(), data == null ? 0 : data.delayMillis()));
    }

    // ---- answering

    /** The response, or null for silence. */
    private Message answer(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        }
        queries.computeIfAbsent(question.getName(), n -> new AtomicLong()).incrementAndGet();
        NameData first = zone.get(question.getName());
        Behaviour behaviour = everyName != null ? everyName : first == null ? Behaviour.ANSWER : first.behaviour();
        switch (behaviour) {
            case SILENT:
                return null;
            case SERVFAIL:
                response.getHeader().setRcode(Rcode.SERVFAIL);
                return response;
            case REFUSED:
                response.getHeader().setRcode(Rcode.REFUSED);
                return response;
            case NXDOMAIN:
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                response.addRecord(soa, Section.AUTHORITY);
                return response;
            default:
                break;
        }
        Name current = question.getName();
        for (int hop = 0; hop < 12; hop++) {
            NameData data = zone.get(current);
            if (data == null) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                response.addRecord(soa, Section.AUTHORITY);
                return response;
            }
            Record cname = data.records().stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname != null && question.getType() != Type.CNAME) {
                response.addRecord(cname, Section.ANSWER);
                if (!chainInAnswer) {
                    return response;
                }
                current = ((CNAMERecord) cname).getTarget();
                continue;
            }
            List<Record> matching = data.records().stream().filter(r -> r.getType() == question.getType()).toList();
            matching.forEach(r -> response.addRecord(r, Section.ANSWER));
            if (matching.isEmpty()) {
                response.addRecord(soa, Section.AUTHORITY);
            }
            return response;
        }
        return response;
    }

    private long delayOf(Message query) {
        Record question = query.getQuestion();
        NameData data = question == null ? null : zone.get(question.getName());
        return data == null ? 0 : data.delayMillis();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                udpQueries.incrementAndGet();
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                int limit = query.getOPT() != null ? Math.max(512, query.getOPT().getPayloadSize()) : 512;
                Message response = answer(query);
                if (response == null) {
                    continue;
                }
                byte[] wire = response.toWire(limit);
                DatagramPacket reply = new DatagramPacket(wire, wire.length, packet.getSocketAddress());
                long delay = delayOf(query);
                if (delay > 0) {
                    late.schedule(() -> sendQuietly(reply), delay, TimeUnit.MILLISECONDS);
                } else {
                    udp.send(reply);
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a malformed query is dropped, as a real server would
            }
        }
    }

    private void sendQuietly(DatagramPacket reply) {
        try {
            udp.send(reply);
        } catch (IOException e) {
            // the client has given up
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                daemon("dns-tcp-conn").newThread(() -> serveTcp(socket)).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            socket.setSoTimeout(10_000);
            while (!closed) {
                int length = in.readUnsignedShort();
                byte[] bytes = in.readNBytes(length);
                tcpQueries.incrementAndGet();
                Message query = new Message(bytes);
                Message response = answer(query);
                if (response == null) {
                    continue;
                }
                long delay = delayOf(query);
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                byte[] wire = response.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // the client closed the connection
        } catch (IOException e) {
            // dropped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        late.shutdownNow();
    }

    static Name name(String text) {
        return Name.fromConstantString(text.endsWith(".") ? text : text + ".");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
