package io.egressgate.gateway.dns;

import io.egressgate.addresses.Cidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The A and AAAA addresses an answer gives for the asked name, following its CNAME chain inside the
 * answer section only: records for names outside the chain are not what the client will connect to,
 * and an upstream could add them to get anything programmed.
 */
final class AnswerAddresses {

    private static final int MAX_CHAIN = 16;

    private AnswerAddresses() {
    }

    static List<AnsweredAddress> of(Message response, Name asked) {
        List<Record> answers = response.getSection(Section.ANSWER);
        Set<Name> chain = new HashSet<>();
        Name current = asked;
        chain.add(current);
        for (int hops = 0; hops < MAX_CHAIN; hops++) {
            Name next = null;
            for (Record record : answers) {
                if (record instanceof CNAMERecord cname && record.getName().equals(current)) {
                    next = cname.getTarget();
                }
            }
            if (next == null || !chain.add(next)) {
                break;
            }
            current = next;
        }
        List<AnsweredAddress> found = new ArrayList<>();
        for (Record record : answers) {
            if (!chain.contains(record.getName())) {
                continue;
            }
            if (record instanceof ARecord a) {
                found.add(new AnsweredAddress(Cidr.host(a.getAddress()), record.getTTL()));
            } else if (record instanceof AAAARecord aaaa) {
                found.add(new AnsweredAddress(Cidr.host(aaaa.getAddress()), record.getTTL()));
            }
        }
        return found;
    }
}
