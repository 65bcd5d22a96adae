package io.egressgate.gateway.dns;

import static io.egressgate.gateway.testbed.Namespaces.CLIENT;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY_OUTSIDE;
import static io.egressgate.gateway.testbed.Namespaces.OTHER;
import static io.egressgate.gateway.testbed.Namespaces.OTHER_NET;
import static io.egressgate.gateway.testbed.Namespaces.PORT;
import static io.egressgate.gateway.testbed.Namespaces.fetch;
import static io.egressgate.gateway.testbed.Namespaces.in;
import static io.egressgate.gateway.testbed.Namespaces.tryIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.Forwarding;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.testbed.Kernel;
import io.egressgate.gateway.testbed.Namespaces;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel side of hold-until-programmed, in real namespaces: once {@code learn} returns, the
 * client's first connection passes; the address expires by itself after its lifetime; a connection
 * opened before the expiry keeps working after it; the drift checks leave learned members alone and
 * put the learned rules back after a flush.
 */
class LearnedAddressesIT {

    private static Namespaces namespaces;
    private static IpsetDataplane dataplane;

    @BeforeAll
    static void setUp() {
        namespaces = Namespaces.create();
        CommandRunner runner = CommandRunner.inNamespace(GATEWAY);
        DataplaneOptions options = DataplaneOptions.defaults().withLearning(true);
        dataplane = new IpsetDataplane(runner, options);
        dataplane.uninstall();
        assertThat(new Forwarding(runner).ensureEnabled(options.families())).isEmpty();
        dataplane.replaceAll(new TreeSet<>());
    }

    @AfterAll
    static void tearDown() {
        if (dataplane != null) {
            dataplane.uninstall();
        }
        if (namespaces != null) {
            namespaces.close();
        }
    }

    @Test
    void aLearnedAddressPassesAtOnceAndExpiresByItself() throws Exception {
        assertThat(fetch(OTHER)).as("never allowed").isNull();
        dataplane.learn(Map.of(Cidr.parse(OTHER + "/32"), Duration.ofSeconds(3)));
        assertThat(fetch(OTHER)).as("the first connection after learn returns").isEqualTo("hello " + GATEWAY_OUTSIDE);
        assertThat(dataplane.watch().found()).as("learned members are not drift").isFalse();
        assertThat(dataplane.reconcile().found()).isFalse();

        boolean expired = false;
        for (int i = 0; i < 40 && !expired; i++) {
            Thread.sleep(250);
            expired = !in(GATEWAY, "ipset", "list", "egress-gate-dns4").contains(OTHER);
        }
        assertThat(expired).as("gone from the kernel after its lifetime").isTrue();
        assertThat(fetch(OTHER)).as("a new connection after the expiry").isNull();
    }

    @Test
    void aConnectionOpenedBeforeTheExpiryKeepsWorkingAfterIt() {
        dataplane.learn(Map.of(Cidr.parse(OTHER_NET + "/32"), Duration.ofSeconds(2)));
        // connects at once, waits 4 s (past the expiry), then asks over the same connection
        String script = String.join("\n",
                "import socket, sys, time",
                "s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)",
                "time.sleep(4)",
                "s.sendall(b'GET / HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n')",
                "data = b''",
                "while True:",
                "    chunk = s.recv(4096)",
                "    if not chunk: break",
                "    data += chunk",
                "print(data.decode().split('\\r\\n\\r\\n', 1)[-1].strip())");
        Kernel.Result kept = tryIn(CLIENT, "timeout", "15", "python3", "-c", script, OTHER_NET, String.valueOf(PORT));
        assertThat(kept.out().strip()).as(kept.toString()).isEqualTo("hello " + GATEWAY_OUTSIDE);
        assertThat(in(GATEWAY, "ipset", "list", "egress-gate-dns4")).as("it had expired meanwhile").doesNotContain(OTHER_NET);
        assertThat(fetch(OTHER_NET)).as("but a new connection is dropped").isNull();
    }

    @Test
    void aFlushPutsTheLearnedRulesBackAndKeepsTheGateClosed() {
        in(GATEWAY, "iptables", "-F");
        assertThat(dataplane.watch().repairs()).anyMatch(r -> r.contains("EGRESS-GATE-FWD") || r.contains("jump"));
        dataplane.learn(Map.of(Cidr.parse(OTHER + "/32"), Duration.ofSeconds(30)));
        assertThat(fetch(OTHER)).isEqualTo("hello " + GATEWAY_OUTSIDE);
        in(GATEWAY, "ipset", "flush", "egress-gate-dns4");
        assertThat(fetch(OTHER)).as("flushed learned addresses are simply not allowed").isNull();
    }
}
