package io.egressgate.server.resolution;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/**
 * One server whose SERVFAIL or REFUSED counts as a failed attempt, so that dnsjava's
 * {@link org.xbill.DNS.ExtendedResolver} moves on to the next server (it only does that for
 * exceptions) and ranks this one lower, as it does for a server that does not answer.
 */
final class ServerFailureIsAnError implements Resolver {

    /** The server answered, but with SERVFAIL or REFUSED. */
    static final class ServerFailed extends Exception {
        private final int rcode;

        ServerFailed(int rcode, InetSocketAddress server) {
            super(Rcode.string(rcode) + " from " + server.getAddress().getHostAddress() + ":" + server.getPort(),
                    null, false, false);
            this.rcode = rcode;
        }

        int rcode() {
            return rcode;
        }
    }

    private final Resolver server;
    private final InetSocketAddress address;

    ServerFailureIsAnError(Resolver server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        return server.sendAsync(query, executor).thenCompose(response -> {
            int rcode = response.getRcode();
            return rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED
                    ? CompletableFuture.failedFuture(new ServerFailed(rcode, address))
                    : CompletableFuture.completedFuture(response);
        });
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return sendAsync(query, ForkJoinPool.commonPool());
    }

    @Override
    public void setPort(int port) {
        server.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        server.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        server.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        server.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        server.setTSIGKey(key);
    }

    @Override
    public void setTimeout(Duration timeout) {
        server.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
        return server.getTimeout();
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
