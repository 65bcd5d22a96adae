package io.egressgate.gateway.dns;

import io.egressgate.addresses.InternalRanges;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers clients over UDP and TCP on every {@code -dns-listen} address. A bounded pool does the
 * work: a query that finds it full is dropped, as a busy resolver would, and the client retries.
 */
public final class DnsForwarder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsForwarder.class.getName());
    private static final int WORKERS = 32;
    private static final int QUEUED = 4_096;
    private static final int TCP_IDLE_MILLIS = 10_000;

    private final ForwarderSettings settings;
    private final Answerer answerer;
    private final LearnedAddresses learned = new LearnedAddresses();
    private final ResolvedNames resolved = new ResolvedNames(ResolvedNames.DEFAULT_MAX_PAIRS);
    private final ExecutorService workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED), daemon("dns-worker"));
    private final List<DatagramSocket> udp = new ArrayList<>();
    private final List<ServerSocket> tcp = new ArrayList<>();
    private final List<Thread> listeners = new ArrayList<>();

    public DnsForwarder(ForwarderSettings settings, Supplier<AllowedNames> names, InternalRanges internal, Hold hold,
                        DnsMetrics metrics) {
        this.settings = settings;
        this.answerer = new Answerer(settings, names, internal, hold, metrics, learned, resolved);
    }

    /** The names clients last resolved to each address, for the records of denied connections. */
    public ResolvedNames resolved() {
        return resolved;
    }

    /** What the forwarder learned, for the report to the server. */
    public LearnedAddresses learned() {
        return learned;
    }

    /** Binds every listen address, UDP and TCP; throws with the address when one cannot be bound. */
    public DnsForwarder start() {
        for (InetSocketAddress address : settings.listen()) {
            try {
                DatagramSocket datagrams = new DatagramSocket(address);
                udp.add(datagrams);
                ServerSocket streams = new ServerSocket();
                streams.setReuseAddress(true);
                // the same port as UDP, also when port 0 let the system pick one
                streams.bind(new InetSocketAddress(address.getAddress(), datagrams.getLocalPort()));
                tcp.add(streams);
                listen("dns-udp " + address, () -> serveUdp(datagrams));
                listen("dns-tcp " + address, () -> serveTcp(streams));
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot listen for DNS on " + address + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    /** The UDP ports actually bound, in the order of the listen addresses (for port 0). */
    public List<InetSocketAddress> boundAddresses() {
        return udp.stream().map(s -> (InetSocketAddress) s.getLocalSocketAddress()).toList();
    }

    private void serveUdp(DatagramSocket socket) {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.log(Level.WARNING, "DNS forwarder: UDP receive failed", e);
                }
                continue;
            }
            byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            submit(() -> {
                byte[] answer = answerer.answer(query, client.getAddress(), false);
                if (answer != null) {
                    try {
                        socket.send(new DatagramPacket(answer, answer.length, client));
                    } catch (IOException e) {
                        LOG.log(Level.FINE, "DNS forwarder: UDP send to " + client + " failed", e);
                    }
                }
            });
        }
    }

    private void serveTcp(ServerSocket server) {
        while (!server.isClosed()) {
            Socket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(Level.WARNING, "DNS forwarder: TCP accept failed", e);
                }
                continue;
            }
            if (!submit(() -> converse(connection))) {
                closeQuietly(connection);
            }
        }
    }

    /** RFC 7766: length-prefixed queries, answered in turn until the client closes or idles. */
    private void converse(Socket connection) {
        try (connection) {
            connection.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            DataOutputStream out = new DataOutputStream(connection.getOutputStream());
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | java.net.SocketTimeoutException e) {
                    return;
                }
                byte[] query = in.readNBytes(length);
                if (query.length < length) {
                    return;
                }
                byte[] answer = answerer.answer(query, connection.getInetAddress(), true);
                if (answer == null) {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "DNS forwarder: TCP conversation ended", e);
        }
    }

    private boolean submit(Runnable task) {
        try {
            workers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void listen(String name, Runnable loop) {
        Thread thread = daemon(name).newThread(loop);
        listeners.add(thread);
        thread.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        udp.forEach(DatagramSocket::close);
        tcp.forEach(DnsForwarder::closeQuietly);
        workers.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing on the way out
        }
    }
}
