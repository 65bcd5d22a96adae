package io.egressgate.gateway.sync;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.Traffic;
import io.egressgate.protocol.Counter;
import io.egressgate.protocol.Stats;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatsReportTest {

    private final Cidr a = Cidr.parse("203.0.113.7");
    private final Cidr b = Cidr.parse("198.51.100.0/24");

    @Test
    void onlyChangedCountersAreSentAgain() {
        StatsReport report = new StatsReport();
        List<Stats> first = report.next(Map.of(a, new Traffic(100, 2, 300, 3), b, Traffic.ZERO));
        List<Stats> second = report.next(Map.of(a, new Traffic(100, 2, 300, 3), b, new Traffic(1, 1, 0, 0)));
        List<Stats> quiet = report.next(Map.of(a, new Traffic(100, 2, 300, 3), b, new Traffic(1, 1, 0, 0)));

        assertThat(first).singleElement().extracting(Stats::counters).asList()
                .containsExactly(new Counter("203.0.113.7/32", 100, 2, 300, 3));
        assertThat(second).singleElement().extracting(Stats::counters).asList()
                .containsExactly(new Counter("198.51.100.0/24", 1, 1, 0, 0));
        assertThat(quiet).singleElement().extracting(Stats::counters).asList().isEmpty();
    }

    @Test
    void largeReportsAreSplit() {
        Map<Cidr, Traffic> many = new HashMap<>();
        for (int i = 0; i < 4500; i++) {
            many.put(Cidr.parse("203.0." + (i / 256) + "." + (i % 256)), new Traffic(i + 1, 1, 0, 0));
        }
        List<Stats> messages = new StatsReport().next(many);

        assertThat(messages).hasSize(3);
        assertThat(messages.stream().mapToInt(m -> m.counters().size()).sum()).isEqualTo(4500);
        assertThat(messages).allSatisfy(m -> assertThat(m.counters()).hasSizeLessThanOrEqualTo(StatsReport.MAX_PER_MESSAGE));
    }
}
