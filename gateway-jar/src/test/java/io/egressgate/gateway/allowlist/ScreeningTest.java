package io.egressgate.gateway.allowlist;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.protocol.ServerPolicy;
import io.egressgate.protocol.Skipped;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScreeningTest {

    private final Screening screening = new Screening(AllowlistPolicy.defaults(), true);

    @Test
    void publicEntriesPassAndTheRestIsSkippedWithAReason() {
        Screening.Screened screened = screening.screen(List.of("203.0.113.7/32", "127.0.0.1/32", "::1/128",
                "0.0.0.0/0", "::ffff:10.0.0.1/128", "example.com", "2001:db8::/32"));

        assertThat(screened.accepted()).containsExactly(Cidr.parse("203.0.113.7"), Cidr.parse("2001:db8::/32"));
        assertThat(screened.skipped()).extracting(Skipped::cidr)
                .containsExactly("127.0.0.1/32", "::1/128", "0.0.0.0/0", "::ffff:10.0.0.1/128", "example.com");
        assertThat(screened.skipped()).allSatisfy(s -> assertThat(s.reason()).isNotBlank());
    }

    @Test
    void ipv6IsSkippedWhenSwitchedOff() {
        Screening.Screened screened = new Screening(AllowlistPolicy.defaults(), false)
                .screen(List.of("2001:db8::1/128", "203.0.113.1/32"));

        assertThat(screened.accepted()).containsExactly(Cidr.parse("203.0.113.1"));
        assertThat(screened.skipped()).singleElement().extracting(Skipped::reason).asString().contains("IPv6");
    }

    @Test
    void theServersPolicyIsAddedToTheGatewaysAndNeverLoosensIt() {
        Screening union = screening.with(new ServerPolicy(List.of("198.51.100.0/24", "not a cidr"), 0, 0));

        Screening.Screened screened = union.screen(List.of("198.51.100.7/32", "203.0.113.7/32", "11.0.0.0/8",
                "10.0.0.0/7", "12.0.0.0/6", "64:ff9b::c633:6407/128"));

        assertThat(screened.accepted()).containsExactly(Cidr.parse("11.0.0.0/8"), Cidr.parse("203.0.113.7"));
        assertThat(screened.skipped()).extracting(Skipped::cidr)
                .containsExactly("198.51.100.7/32", "10.0.0.0/7", "12.0.0.0/6", "64:ff9b::c633:6407/128");
        assertThat(screening.with(null)).isSameAs(screening);
    }

    @Property
    void everyEntryIsAcceptedOrSkippedAndNothingInternalIsAccepted(@ForAll("addresses") List<String> published) {
        Screening.Screened screened = screening.screen(published);
        InternalRanges internal = InternalRanges.defaults();
        List<String> skipped = screened.skipped().stream().map(Skipped::cidr).toList();

        assertThat(screened.accepted()).allSatisfy(cidr -> assertThat(internal.overlapping(cidr)).isEmpty());
        for (String entry : published) {
            if (!skipped.contains(entry)) {
                assertThat(screened.accepted()).contains(Cidr.parse(entry));
            }
        }
        assertThat(skipped.size() + published.stream().filter(p -> !skipped.contains(p)).count())
                .isEqualTo(published.size());
    }

    @Provide
    Arbitrary<List<String>> addresses() {
        Arbitrary<String> v4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3));
        Arbitrary<String> prefixed = v4.map(a -> a + "/32");
        Arbitrary<String> wide = Arbitraries.of("0.0.0.0/0", "10.0.0.0/8", "100.64.0.0/10", "fc00::/7", "::/0",
                "203.0.113.0/24", "2001:db8::/32", "garbage", "");
        return Arbitraries.oneOf(v4, prefixed, wide).list().ofMaxSize(30);
    }
}
