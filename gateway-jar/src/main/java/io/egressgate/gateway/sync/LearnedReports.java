package io.egressgate.gateway.sync;

import io.egressgate.protocol.LearnedAddress;
import java.util.List;

/** What the DNS forwarder learned since the last report, at most {@code limit} addresses; taken once. */
@FunctionalInterface
public interface LearnedReports {

    LearnedReports NONE = limit -> List.of();

    List<LearnedAddress> next(int limit);
}
