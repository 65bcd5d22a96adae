package io.egressgate.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** On loopback, against a hand-made upstream that first answers wrongly: only the real answer is taken. */
class UdpUpstreamTest {

    private static Message answer(Message query, String name, String address) throws Exception {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        Record question = Record.newRecord(Name.fromString(name), Type.A, DClass.IN);
        reply.addRecord(question, Section.QUESTION);
        reply.addRecord(new ARecord(question.getName(), DClass.IN, 60, java.net.InetAddress.getByName(address)), Section.ANSWER);
        return reply;
    }

    @Test
    void answersWithAnotherIdOrQuestionAreSkippedAndTheClientsIdComesBack() throws Exception {
        try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread server = new Thread(() -> {
                try {
                    DatagramPacket packet = new DatagramPacket(new byte[512], 512);
                    upstream.receive(packet);
                    Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                    Message wrongId = answer(query, "www.example.com.", "203.0.113.66");
                    wrongId.getHeader().setID((query.getHeader().getID() + 1) & 0xffff);
                    Message wrongQuestion = answer(query, "evil.example.org.", "203.0.113.67");
                    Message right = answer(query, "WWW.example.com.", "198.51.100.7");
                    for (Message reply : new Message[] {wrongId, wrongQuestion, right}) {
                        byte[] wire = reply.toWire();
                        upstream.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            server.start();
            Message query = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN));
            query.getHeader().setID(4242);
            UdpUpstream client = new UdpUpstream((InetSocketAddress) upstream.getLocalSocketAddress(), Duration.ofSeconds(5));

            Message response = new Message(client.ask(query.toWire()));
            server.join(5_000);
            assertThat(response.getHeader().getID()).isEqualTo(4242);
            assertThat(((ARecord) response.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
                    .isEqualTo("198.51.100.7");
        }
    }

    @Test
    void aSilentUpstreamIsATimeoutNotAHang() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UdpUpstream client = new UdpUpstream((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(200));
            Message query = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN));
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.ask(query.toWire())).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
