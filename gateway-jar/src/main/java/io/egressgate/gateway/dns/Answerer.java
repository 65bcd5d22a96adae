package io.egressgate.gateway.dns;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/**
 * One query in, one answer out, whatever the transport: who may ask, which upstream answers, and
 * for an allowed name, every address of the answer in the kernel before the answer leaves.
 */
final class Answerer {

    private static final Logger LOG = Logger.getLogger(Answerer.class.getName());
    private static final int CLASSIC_UDP_SIZE = 512;

    private final ForwarderSettings settings;
    private final Supplier<AllowedNames> names;
    private final InternalRanges internal;
    private final Hold hold;
    private final DnsMetrics metrics;
    private final LearnedAddresses learned;
    private final ResolvedNames resolved;
    private final ClientAllowance allowance;
    private final List<UdpUpstream> udpUpstreams = new ArrayList<>();
    private final List<SimpleResolver> tcpUpstreams = new ArrayList<>();

    Answerer(ForwarderSettings settings, Supplier<AllowedNames> names, InternalRanges internal, Hold hold,
             DnsMetrics metrics, LearnedAddresses learned, ResolvedNames resolved) {
        this.settings = settings;
        this.resolved = resolved;
        this.names = names;
        this.internal = internal;
        this.hold = hold;
        this.metrics = metrics;
        this.learned = learned;
        this.allowance = new ClientAllowance(settings.queriesPerSecond());
        for (InetSocketAddress upstream : settings.upstreams()) {
            udpUpstreams.add(new UdpUpstream(upstream, settings.upstreamTimeout()));
            tcpUpstreams.add(resolver(upstream));
        }
    }

    private SimpleResolver resolver(InetSocketAddress upstream) {
        SimpleResolver resolver = new SimpleResolver(upstream);
        resolver.setTimeout(settings.upstreamTimeout());
        resolver.setTCP(true);
        return resolver;
    }

    /** The answer's wire form, or null when the query is not worth one (unparsable, or a response). */
    byte[] answer(byte[] wire, InetAddress client, boolean tcp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        if (query.getHeader().getFlag(Flags.QR) || query.getQuestion() == null) {
            return null;
        }
        int limit = tcp ? 65_535 : udpLimit(query);
        if (!allowedClient(client) || !allowance.take(client, System.currentTimeMillis())) {
            metrics.answered(DnsMetrics.Result.REFUSED);
            return reply(query, Rcode.REFUSED).toWire(limit);
        }
        boolean allowed = names.get().allows(query.getQuestion().getName().toString(true));
        if (!allowed && settings.refuseUnlisted()) {
            metrics.answered(DnsMetrics.Result.REFUSED);
            return reply(query, Rcode.REFUSED).toWire(limit);
        }
        Message response = tcp ? askOverTcp(query) : askOverUdp(wire);
        if (response == null) {
            metrics.answered(DnsMetrics.Result.SERVFAIL);
            return reply(query, Rcode.SERVFAIL).toWire(limit);
        }
        List<AnsweredAddress> addresses = response.getRcode() == Rcode.NOERROR
                ? AnswerAddresses.of(response, query.getQuestion().getName()) : List.of();
        if (allowed && !addresses.isEmpty() && !programmed(query, addresses)) {
            metrics.answered(DnsMetrics.Result.SERVFAIL);
            return reply(query, Rcode.SERVFAIL).toWire(limit);
        }
        // for the records of denied connections: the name this client was after at these addresses
        resolved.answered(Cidr.host(client), questionName(query), addresses);
        metrics.answered(allowed ? DnsMetrics.Result.ALLOWED : DnsMetrics.Result.UNLISTED);
        response.getHeader().setID(query.getHeader().getID());
        return response.toWire(limit);
    }

    /** Holds the answer until its public addresses are in the kernel; false when they could not be put there. */
    private boolean programmed(Message query, List<AnsweredAddress> addresses) {
        long started = System.nanoTime();
        Map<Cidr, Duration> lifetimes = new LinkedHashMap<>();
        int internalCount = 0;
        for (AnsweredAddress answered : addresses) {
            if (internal.isInternal(answered.address().address())) {
                internalCount++;
            } else {
                lifetimes.merge(answered.address(), settings.lifetime(answered.ttlSeconds()),
                        (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        if (internalCount > 0) {
            metrics.internalDropped(internalCount);
        }
        if (lifetimes.isEmpty()) {
            return true;
        }
        try {
            hold.program(lifetimes);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "DNS forwarder: could not program " + lifetimes.keySet()
                    + "; answering SERVFAIL instead of an answer the firewall would block", e);
            return false;
        }
        metrics.learned(learned.add(questionName(query), lifetimes, System.currentTimeMillis()));
        metrics.held(System.nanoTime() - started);
        return true;
    }

    /** The first upstream's answer as it came, truncated or not: a truncated one sends the client to TCP. */
    private Message askOverUdp(byte[] wire) {
        for (UdpUpstream upstream : udpUpstreams) {
            try {
                return new Message(upstream.ask(wire));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "DNS upstream " + upstream.address() + " failed", e);
            }
        }
        return null;
    }

    private Message askOverTcp(Message query) {
        for (SimpleResolver upstream : tcpUpstreams) {
            try {
                return upstream.send(query.clone());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "DNS upstream " + upstream.getAddress() + " failed", e);
            }
        }
        return null;
    }

    private static String questionName(Message query) {
        return query.getQuestion().getName().toString(true).toLowerCase(java.util.Locale.ROOT);
    }

    private boolean allowedClient(InetAddress client) {
        Cidr source = Cidr.host(client);
        return settings.allowFrom().stream().anyMatch(range -> range.contains(source));
    }

    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? CLASSIC_UDP_SIZE : Math.max(CLASSIC_UDP_SIZE, opt.getPayloadSize());
    }

    private static Message reply(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
            reply.getHeader().setFlag(Flags.RA);
        }
        reply.getHeader().setRcode(rcode);
        Record question = query.getQuestion();
        reply.addRecord(question, org.xbill.DNS.Section.QUESTION);
        return reply;
    }
}
