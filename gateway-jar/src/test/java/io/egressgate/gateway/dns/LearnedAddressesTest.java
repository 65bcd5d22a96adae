package io.egressgate.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnedAddressesTest {

    private static final Cidr A = Cidr.parse("198.51.100.7/32");
    private static final Cidr B = Cidr.parse("203.0.113.9/32");

    @Test
    void eachLearnedAddressIsReportedOnceWithItsNameAndRemainingLifetime() {
        LearnedAddresses learned = new LearnedAddresses();
        assertThat(learned.add("www.example.com", Map.of(A, Duration.ofSeconds(90)), 1_000)).isEqualTo(1);
        assertThat(learned.add("api.example.com", Map.of(B, Duration.ofSeconds(30)), 1_000)).isEqualTo(2);

        assertThat(learned.unreported(11_000, 10)).containsExactly(
                new LearnedAddresses.Report("www.example.com", A, 80),
                new LearnedAddresses.Report("api.example.com", B, 20));
        assertThat(learned.unreported(11_000, 10)).as("reported already").isEmpty();

        learned.add("www.example.com", Map.of(A, Duration.ofSeconds(90)), 20_000);
        assertThat(learned.unreported(20_000, 10)).as("extended: reported again")
                .containsExactly(new LearnedAddresses.Report("www.example.com", A, 90));
    }

    @Test
    void expiredAddressesAreNotReportedAndALimitLeavesTheRestForLater() {
        LearnedAddresses learned = new LearnedAddresses();
        learned.add("a.example.com", Map.of(A, Duration.ofSeconds(5)), 0);
        learned.add("b.example.com", Map.of(B, Duration.ofSeconds(60)), 0);
        assertThat(learned.unreported(1_000, 1)).extracting(LearnedAddresses.Report::address).containsExactly(A);
        assertThat(learned.unreported(10_000, 1)).extracting(LearnedAddresses.Report::address).containsExactly(B);

        LearnedAddresses expiring = new LearnedAddresses();
        expiring.add("a.example.com", Map.of(A, Duration.ofSeconds(5)), 0);
        assertThat(expiring.unreported(6_000, 10)).as("expired before the report").isEmpty();
        assertThat(expiring.add("b.example.com", Map.of(B, Duration.ofSeconds(5)), 6_000)).as("and forgotten").isEqualTo(1);
    }
}
