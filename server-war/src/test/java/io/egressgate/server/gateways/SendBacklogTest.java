package io.egressgate.server.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressgate.server.security.Caller;
import io.egressgate.server.security.Role;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendBacklogTest {

    @Test
    void takesFramesUpToTheLimitAndAgainOnceWrittenOnesAreCountedOut() {
        SendBacklog backlog = new SendBacklog(100);
        assertThat(backlog.reserve(60)).isTrue();
        assertThat(backlog.reserve(40)).isTrue();
        assertThat(backlog.reserve(1)).as("over the limit").isFalse();
        assertThat(backlog.queued()).isEqualTo(100);
        backlog.release(60);
        assertThat(backlog.reserve(50)).isTrue();
        assertThat(backlog.queued()).isEqualTo(90);
    }

    @Test
    void oneFrameLargerThanTheLimitGoesOutAloneButNothingBesideIt() {
        SendBacklog backlog = new SendBacklog(100);
        assertThat(backlog.reserve(500)).isTrue();
        assertThat(backlog.reserve(1)).isFalse();
        backlog.release(500);
        assertThat(backlog.queued()).isZero();
    }

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> new SendBacklog(0)).hasMessageContaining("positive");
    }

    @Test
    void connectionsShareTheBoundAndAFailedWriteGivesItsBytesBack() {
        SendBacklog backlog = new SendBacklog(1_000);
        PeerThatDoesNotRead first = new PeerThatDoesNotRead();
        PeerThatDoesNotRead second = new PeerThatDoesNotRead();
        Connection a = new Connection(first.session(), new Caller(1, "gw a", Role.GATEWAY), backlog, backlog);
        Connection b = new Connection(second.session(), new Caller(2, "gw b", Role.GATEWAY), backlog, backlog);

        assertThat(a.send("x".repeat(600))).isEqualTo(Connection.Refusal.NONE);
        assertThat(b.send("y".repeat(600))).as("a's frame is still queued").isEqualTo(Connection.Refusal.SERVER_BACKLOG_FULL);
        assertThat(b.inFlight).hasValue(0);

        first.complete(false); // the peer went away: the bytes still leave the backlog
        assertThat(backlog.queued()).isZero();
        assertThat(b.send("y".repeat(600))).isEqualTo(Connection.Refusal.NONE);
        assertThat(backlog.queued()).isEqualTo(600);
    }

    @Test
    void aGatewayPastItsOwnFrameBoundIsTooSlowWhateverTheBacklogHolds() {
        SendBacklog backlog = new SendBacklog(Long.MAX_VALUE);
        Connection slow = new Connection(new PeerThatDoesNotRead().session(), new Caller(1, "gw", Role.GATEWAY), backlog,
                backlog);
        for (int i = 0; i < Connection.MAX_IN_FLIGHT; i++) {
            assertThat(slow.send("{}")).isEqualTo(Connection.Refusal.NONE);
        }
        assertThat(slow.send("{}")).isEqualTo(Connection.Refusal.GATEWAY_TOO_SLOW);
        assertThat(backlog.queued()).isEqualTo(2L * Connection.MAX_IN_FLIGHT);
    }

    @Test
    void aLongFrameGoesOutInFragmentsAndStaysCountedUntilTheGatewayIsHeardFrom() {
        SendBacklog whole = new SendBacklog(Long.MAX_VALUE);
        SendBacklog fragmented = new SendBacklog(Long.MAX_VALUE);
        PeerThatDoesNotRead peer = new PeerThatDoesNotRead();
        Connection connection = new Connection(peer.session(), new Caller(1, "gw", Role.GATEWAY), whole, fragmented);
        int fragments = Connection.FRAGMENTED_ABOVE_CHARS / Connection.FRAGMENT_CHARS + 1;
        String frame = "a".repeat(fragments * Connection.FRAGMENT_CHARS) + "b";

        assertThat(connection.send("c".repeat(Connection.FRAGMENTED_ABOVE_CHARS))).isEqualTo(Connection.Refusal.NONE);
        assertThat(peer.fragments).as("a frame of the bound goes whole").isEmpty();
        peer.complete(true);
        assertThat(connection.send(frame)).isEqualTo(Connection.Refusal.NONE);
        assertThat(peer.fragments).hasSize(fragments + 2).allMatch(f -> f.length() <= Connection.FRAGMENT_CHARS)
                .endsWith("b", "(last)");
        assertThat(String.join("", peer.fragments.subList(0, fragments + 1))).isEqualTo(frame);
        assertThat(peer.pending).as("nothing went the whole-frame way").isEmpty();
        assertThat(fragmented.queued()).isEqualTo(frame.length());
        assertThat(connection.inFlight).hasValue(1);

        assertThat(connection.send(frame)).as("while the first is unconfirmed").isEqualTo(Connection.Refusal.NONE);
        assertThat(peer.pending).as("a second long frame goes whole").hasSize(1);
        assertThat(peer.fragments).hasSize(fragments + 2);
        assertThat(whole.queued()).isEqualTo(frame.length());

        connection.heard();
        assertThat(fragmented.queued()).isZero();
        assertThat(whole.queued()).as("the whole frame is still queued").isEqualTo(frame.length());
        assertThat(connection.inFlight).hasValue(1);
        peer.complete(true);
        assertThat(whole.queued()).isZero();
        assertThat(connection.inFlight).hasValue(0);
    }

    @Test
    void aLongFramePastTheFragmentedBoundGoesWholeAndNobodyIsRefused() {
        SendBacklog whole = new SendBacklog(Long.MAX_VALUE);
        SendBacklog fragmented = new SendBacklog(Connection.FRAGMENTED_ABOVE_CHARS * 2L);
        PeerThatDoesNotRead first = new PeerThatDoesNotRead();
        PeerThatDoesNotRead second = new PeerThatDoesNotRead();
        String frame = "x".repeat(Connection.FRAGMENTED_ABOVE_CHARS + 1);

        assertThat(new Connection(first.session(), new Caller(1, "gw a", Role.GATEWAY), whole, fragmented).send(frame))
                .isEqualTo(Connection.Refusal.NONE);
        assertThat(new Connection(second.session(), new Caller(2, "gw b", Role.GATEWAY), whole, fragmented).send(frame))
                .isEqualTo(Connection.Refusal.NONE);
        assertThat(first.fragments).hasSizeGreaterThan(2).endsWith("(last)");
        assertThat(second.fragments).as("the bound is taken by the first").isEmpty();
        assertThat(second.pending).hasSize(1);
        assertThat(fragmented.queued()).isEqualTo(frame.length());
        assertThat(whole.queued()).isEqualTo(frame.length());
    }

    /** A session whose sends stay queued until the test completes them; fragments are recorded as written. */
    private static final class PeerThatDoesNotRead {
        private final List<SendHandler> pending = new ArrayList<>();
        private final List<String> fragments = new ArrayList<>();

        Session session() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            pending.add((SendHandler) args[1]);
                        }
                        return null;
                    });
            java.io.Writer writer = new java.io.Writer() {
                @Override
                public void write(char[] chars, int offset, int length) {
                    fragments.add(new String(chars, offset, length));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                    fragments.add("(last)");
                }
            };
            RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Basic.class},
                    (proxy, method, args) -> method.getName().equals("getSendWriter") ? writer : null);
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> remote;
                        case "getBasicRemote" -> basic;
                        default -> null;
                    });
        }

        void complete(boolean ok) {
            pending.forEach(handler -> handler.onResult(ok ? new SendResult() : new SendResult(new java.io.IOException("gone"))));
            pending.clear();
        }
    }
}
