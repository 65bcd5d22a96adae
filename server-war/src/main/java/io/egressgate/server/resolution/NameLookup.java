package io.egressgate.server.resolution;

import io.egressgate.names.DomainName;
import io.egressgate.server.resolution.Lookup.Failure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * Looks up the A and AAAA addresses of one name with dnsjava's asynchronous API, following CNAME
 * chains itself so that the TTL of every link counts (a CNAME with TTL 5 in front of an A record
 * with TTL 3600 must be asked again after 5 s). Answers too large for UDP come over TCP
 * ({@link SimpleResolver} retries truncated answers). Never blocks a thread.
 */
final class NameLookup {

    static final int MAX_CNAME_HOPS = 8;

    private final Resolver resolver;
    private final Executor executor;
    private final String servers;
    private final String timeoutMessage;

    NameLookup(Resolver resolver, Executor executor, String servers, String timeoutMessage) {
        this.resolver = resolver;
        this.executor = executor;
        this.servers = servers;
        this.timeoutMessage = timeoutMessage;
    }

    /** Servers tried in order of fewest recent failures, each {@code attempts} times, each attempt timed out alone. */
    static NameLookup using(ResolverSettings settings, Executor executor) {
        List<InetSocketAddress> servers = serversOf(settings);
        List<Resolver> each = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(settings.queryTimeout());
            each.add(new ServerFailureIsAnError(simple, server));
        }
        ExtendedResolver all = new ExtendedResolver(each);
        all.setLoadBalance(false);
        all.setRetries(settings.attempts());
        all.setTimeout(settings.queryTimeout().multipliedBy((long) servers.size() * settings.attempts()).plusMillis(500));
        return new NameLookup(all, executor, describe(servers), "no answer within " + settings.queryTimeout().toMillis()
                + " ms (" + settings.attempts() + " attempt(s) at each of " + describe(servers) + ")");
    }

    static List<InetSocketAddress> serversOf(ResolverSettings settings) {
        return settings.servers().isEmpty() ? ResolverConfig.getCurrentConfig().servers() : settings.servers();
    }

    static String describe(List<InetSocketAddress> servers) {
        return servers.stream().map(s -> s.getAddress().getHostAddress() + ":" + s.getPort())
                .collect(Collectors.joining(", "));
    }

    CompletableFuture<Lookup> lookup(DomainName domain) {
        Name name = Name.fromConstantString(domain.ascii() + ".");
        CompletableFuture<Family> ipv4 = follow(name, Type.A, new Chain(name));
        CompletableFuture<Family> ipv6 = follow(name, Type.AAAA, new Chain(name));
        return ipv4.thenCombine(ipv6, NameLookup::combine);
    }

    /** One family's outcome: its addresses and TTL, or its failure. */
    private record Family(int type, List<InetAddress> addresses, long ttl, List<String> aliases, Lookup.Failed failure) {
    }

    /** The CNAME links followed so far for one family, and the smallest TTL met on the way. */
    private static final class Chain {
        private final Set<Name> visited = new HashSet<>();
        private final List<String> aliases = new ArrayList<>();
        private long ttl = Long.MAX_VALUE;

        Chain(Name start) {
            visited.add(start);
        }

        /** False when the chain loops or grows too long. */
        boolean link(Name target, long linkTtl) {
            ttl = Math.min(ttl, linkTtl);
            aliases.add(target.toString(true));
            return visited.add(target) && aliases.size() <= MAX_CNAME_HOPS;
        }

        Family answer(int type, List<InetAddress> addresses, long lastTtl) {
            long smallest = Math.min(ttl, lastTtl < 0 ? Long.MAX_VALUE : lastTtl);
            return new Family(type, addresses, smallest == Long.MAX_VALUE ? -1 : smallest, aliases, null);
        }

        Family failed(int type, Failure failure, String message) {
            return new Family(type, List.of(), -1, aliases, new Lookup.Failed(failure, message));
        }
    }

    private CompletableFuture<Family> follow(Name asked, int type, Chain chain) {
        Message query = Message.newQuery(Record.newRecord(asked, type, DClass.IN));
        return resolver.sendAsync(query, executor).toCompletableFuture()
                .handle((response, error) -> error != null
                        ? CompletableFuture.completedFuture(failed(chain, type, error))
                        : read(response, asked, type, chain))
                .thenCompose(Function.identity());
    }

    private CompletableFuture<Family> read(Message response, Name asked, int type, Chain chain) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return done(chain.failed(type, Failure.NXDOMAIN, chain.aliases.isEmpty() ? "NXDOMAIN: the name does not exist"
                    : "NXDOMAIN: CNAME target " + asked.toString(true) + " does not exist"));
        }
        if (rcode != Rcode.NOERROR) {
            return done(chain.failed(type, rcode == Rcode.SERVFAIL ? Failure.SERVFAIL
                    : rcode == Rcode.REFUSED ? Failure.REFUSED : Failure.ERROR, Rcode.string(rcode) + " from the DNS server"));
        }
        List<Record> answer = response.getSection(Section.ANSWER);
        Name current = asked;
        for (boolean moved = true; moved; ) {
            moved = false;
            for (Record r : answer) {
                if (r.getType() == Type.CNAME && r.getDClass() == DClass.IN && r.getName().equals(current)) {
                    current = ((CNAMERecord) r).getTarget();
                    if (!chain.link(current, r.getTTL())) {
                        return done(chain.failed(type, Failure.CNAME_LOOP,
                                "CNAME chain loops or is longer than " + MAX_CNAME_HOPS + " links"));
                    }
                    moved = true;
                    break;
                }
            }
        }
        List<InetAddress> addresses = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : answer) {
            if (r.getType() == type && r.getDClass() == DClass.IN && r.getName().equals(current)) {
                addresses.add(r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress());
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (!addresses.isEmpty()) {
            return done(chain.answer(type, addresses, ttl));
        }
        if (!current.equals(asked)) {
            // The server gave the chain only up to a name it does not serve: ask for that name.
            return follow(current, type, chain);
        }
        return done(chain.answer(type, List.of(), negativeTtl(response)));
    }

    /** RFC 2308: a "no such record" answer may be cached for min(SOA TTL, SOA minimum). */
    private static long negativeTtl(Message response) {
        return response.getSection(Section.AUTHORITY).stream().filter(r -> r instanceof SOARecord)
                .mapToLong(r -> Math.min(r.getTTL(), ((SOARecord) r).getMinimum())).min().orElse(-1);
    }

    private Family failed(Chain chain, int type, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ServerFailureIsAnError.ServerFailed failed) {
            return chain.failed(type, failed.rcode() == Rcode.REFUSED ? Failure.REFUSED : Failure.SERVFAIL,
                    failed.getMessage());
        }
        if (cause instanceof SocketTimeoutException
                || cause instanceof IOException && String.valueOf(cause.getMessage()).contains("Timed out")) {
            return chain.failed(type, Failure.TIMEOUT, timeoutMessage);
        }
        if (cause instanceof PortUnreachableException) {
            return chain.failed(type, Failure.UNREACHABLE, "no DNS server listens at " + servers);
        }
        if (cause instanceof WireParseException) {
            return chain.failed(type, Failure.ERROR, "malformed answer: " + cause.getMessage());
        }
        return chain.failed(type, Failure.ERROR, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private static CompletableFuture<Family> done(Family family) {
        return CompletableFuture.completedFuture(family);
    }

    private static Lookup combine(Family ipv4, Family ipv6) {
        if (ipv4.failure() != null && ipv6.failure() != null) {
            Lookup.Failed a = ipv4.failure();
            Lookup.Failed aaaa = ipv6.failure();
            return a.equals(aaaa) ? a : new Lookup.Failed(a.failure(), "A: " + a.message() + "; AAAA: " + aaaa.message());
        }
        List<InetAddress> addresses = new ArrayList<>(ipv4.addresses());
        addresses.addAll(ipv6.addresses());
        long ttl = -1;
        for (Family family : List.of(ipv4, ipv6)) {
            if (family.failure() == null && family.ttl() >= 0) {
                ttl = ttl < 0 ? family.ttl() : Math.min(ttl, family.ttl());
            }
        }
        List<String> aliases = ipv4.aliases().size() >= ipv6.aliases().size() ? ipv4.aliases() : ipv6.aliases();
        String partial = ipv4.failure() != null ? "A: " + ipv4.failure().message()
                : ipv6.failure() != null ? "AAAA: " + ipv6.failure().message() : null;
        return new Lookup.Answered(addresses, ipv4.failure() == null, ipv6.failure() == null, ttl, aliases, partial);
    }
}
