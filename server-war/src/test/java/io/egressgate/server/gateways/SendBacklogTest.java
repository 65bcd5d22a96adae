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
        Connection a = new Connection(first.session(), new Caller(1, "gw a", Role.GATEWAY), backlog);
        Connection b = new Connection(second.session(), new Caller(2, "gw b", Role.GATEWAY), backlog);

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
        Connection slow = new Connection(new PeerThatDoesNotRead().session(), new Caller(1, "gw", Role.GATEWAY), backlog);
        for (int i = 0; i < Connection.MAX_IN_FLIGHT; i++) {
            assertThat(slow.send("{}")).isEqualTo(Connection.Refusal.NONE);
        }
        assertThat(slow.send("{}")).isEqualTo(Connection.Refusal.GATEWAY_TOO_SLOW);
        assertThat(backlog.queued()).isEqualTo(2L * Connection.MAX_IN_FLIGHT);
    }

    /** A session whose sends stay queued until the test completes them. */
    private static final class PeerThatDoesNotRead {
        private final List<SendHandler> pending = new ArrayList<>();

        Session session() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            pending.add((SendHandler) args[1]);
                        }
                        return null;
                    });
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> method.getName().equals("getAsyncRemote") ? remote : null);
        }

        void complete(boolean ok) {
            pending.forEach(handler -> handler.onResult(ok ? new SendResult() : new SendResult(new java.io.IOException("gone"))));
            pending.clear();
        }
    }
}
