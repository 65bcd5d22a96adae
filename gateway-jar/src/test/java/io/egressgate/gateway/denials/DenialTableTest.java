package io.egressgate.gateway.denials;

import io.egressgate.addresses.Cidr;
import io.egressgate.protocol.DeniedRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DenialTableTest {

    private static DeniedAttempt attempt(String destination, int port, long second) {
        return new DeniedAttempt(Cidr.parse("10.0.0.5"), Cidr.parse(destination), "tcp", port, second, false);
    }

    @Test
    void attemptsOfOneMinuteToOnePortMakeOneRecordWithTheirCountAndTimes() {
        DenialTable table = new DenialTable(100, 60, (source, destination) ->
                destination.equals(Cidr.parse("203.0.113.11")) ? "blocked.example" : null);
        table.add(attempt("203.0.113.11", 443, 120));
        table.add(attempt("203.0.113.11", 443, 150));
        table.add(attempt("203.0.113.11", 443, 130));
        table.add(attempt("203.0.113.11", 80, 131));
        table.add(attempt("203.0.113.12", 443, 179));

        assertThat(table.take(179, false)).as("the minute has not ended").isEmpty();
        List<DeniedRecord> records = table.take(180, false);

        assertThat(records).containsExactlyInAnyOrder(
                new DeniedRecord("10.0.0.5", "203.0.113.11", "tcp", 443, "blocked.example", 120, 150, 3, false),
                new DeniedRecord("10.0.0.5", "203.0.113.11", "tcp", 80, "blocked.example", 131, 131, 1, false),
                new DeniedRecord("10.0.0.5", "203.0.113.12", "tcp", 443, null, 179, 179, 1, false));
        assertThat(table.size()).isZero();
    }

    @Test
    void theNextMinuteAndTheOtherKindAreRecordsOfTheirOwn() {
        DenialTable table = new DenialTable(100, 60, NameLookup.NONE);
        table.add(attempt("203.0.113.11", 443, 179));
        table.add(attempt("203.0.113.11", 443, 180));
        table.add(new DeniedAttempt(Cidr.parse("10.0.0.5"), Cidr.parse("203.0.113.11"), "tcp", 443, 181, true));

        assertThat(table.take(180, false)).singleElement().extracting(DeniedRecord::lastSeen).isEqualTo(179L);
        assertThat(table.take(0, true)).hasSize(2).extracting(DeniedRecord::wouldDeny).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void aFullTableRefusesNewRecordsButStillCountsKnownOnes() {
        DenialTable table = new DenialTable(3, 60, NameLookup.NONE);
        for (int port = 1; port <= 1_000; port++) {
            boolean counted = table.add(attempt("203.0.113.11", port, 120));
            assertThat(counted).as("port %d", port).isEqualTo(port <= 3);
        }
        assertThat(table.add(attempt("203.0.113.11", 2, 121))).isTrue();

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.take(0, true)).extracting(DeniedRecord::count).containsExactlyInAnyOrder(1L, 2L, 1L);
    }
}
