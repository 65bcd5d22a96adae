package io.egressgate.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswerAddressesTest {

    @Test
    void addressesAtTheEndOfTheCnameChainCountOthersDoNot() throws Exception {
        Name asked = Name.fromString("www.example.com.");
        Name edge = Name.fromString("edge.cdn.example.net.");
        Name stranger = Name.fromString("other.example.org.");
        Message response = Message.newQuery(Record.newRecord(asked, Type.A, DClass.IN));
        response.addRecord(new CNAMERecord(asked, DClass.IN, 300, edge), Section.ANSWER);
        response.addRecord(new ARecord(edge, DClass.IN, 20, InetAddress.getByName("198.51.100.7")), Section.ANSWER);
        response.addRecord(new AAAARecord(edge, DClass.IN, 40, InetAddress.getByName("2001:db8::7")), Section.ANSWER);
        response.addRecord(new ARecord(stranger, DClass.IN, 20, InetAddress.getByName("203.0.113.66")), Section.ANSWER);
        response.addRecord(new ARecord(edge, DClass.IN, 20, InetAddress.getByName("203.0.113.99")), Section.ADDITIONAL);

        assertThat(AnswerAddresses.of(response, asked)).containsExactly(
                new AnsweredAddress(Cidr.parse("198.51.100.7/32"), 20),
                new AnsweredAddress(Cidr.parse("2001:db8::7/128"), 40));
    }

    @Test
    void aCnameLoopEnds() throws Exception {
        Name a = Name.fromString("a.example.com.");
        Name b = Name.fromString("b.example.com.");
        Message response = Message.newQuery(Record.newRecord(a, Type.A, DClass.IN));
        response.addRecord(new CNAMERecord(a, DClass.IN, 60, b), Section.ANSWER);
        response.addRecord(new CNAMERecord(b, DClass.IN, 60, a), Section.ANSWER);
        assertThat(AnswerAddresses.of(response, a)).isEmpty();
    }
}
