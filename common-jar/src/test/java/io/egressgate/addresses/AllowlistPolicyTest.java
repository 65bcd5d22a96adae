package io.egressgate.addresses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowlistPolicyTest {

    private final AllowlistPolicy policy = AllowlistPolicy.defaults();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1          | 10.0.0.1/32 lies inside the internal range 10.0.0.0/8 (private network, RFC 1918)",
        "172.20.1.1        | 172.20.1.1/32 lies inside the internal range 172.16.0.0/12 (private network, RFC 1918)",
        "::1               | ::1/128 lies inside the internal range ::1/128 (loopback)",
        "::ffff:10.0.0.1   | 10.0.0.1/32 lies inside the internal range 10.0.0.0/8",
        "fe80::1           | fe80::1/128 lies inside the internal range fe80::/10 (link-local)",
        "0.0.0.0/0         | 0.0.0.0/0 is too broad: the widest IPv4 range that may be allowed is a /8",
        "::/0              | ::/0 is too broad: the widest IPv6 range that may be allowed is a /32",
        "172.0.0.0/8       | 172.0.0.0/8 overlaps the internal range 172.16.0.0/12",
        "100.0.0.0/8       | 100.0.0.0/8 overlaps the internal range 100.64.0.0/10 (carrier-grade NAT, RFC 6598)",
        "255.255.255.255   | lies inside the internal range 240.0.0.0/4",
        "169.254.169.254   | lies inside the internal range 169.254.0.0/16 (link-local)",
        "127.0.0.1         | lies inside the internal range 127.0.0.0/8 (loopback)",
        "224.0.0.251       | lies inside the internal range 224.0.0.0/4 (multicast)",
        "::                | lies inside the internal range ::/128 (unspecified address)",
        "fd00::/48         | lies inside the internal range fc00::/7",
        "ff02::1           | lies inside the internal range ff00::/8 (multicast)",
        "12.0.0.0/7        | is too broad",
        "2000::/3          | is too broad",
    })
    void rejectsWithAReasonAPersonUnderstands(String text, String reason) {
        assertThat(policy.rejection(Cidr.parse(text))).hasValueSatisfying(actual -> assertThat(actual).contains(reason));
    }

    @Test
    void aHostBitMistakeIsCaughtBeforeThePolicyIsAsked() {
        assertThatThrownBy(() -> Cidr.parse("1.0.0.0/4")).hasMessageContaining("did you mean 0.0.0.0/4?");
        assertThat(policy.rejection(Cidr.parse("0.0.0.0/4"))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "203.0.113.7", "2001:db8::7",
        "172.64.0.0/10", "172.128.0.0/9", "11.0.0.0/8", "1.1.1.1", "::ffff:203.0.113.7", "2606:4700::/32",
    })
    void allowsPublicAndDocumentationRanges(String text) {
        assertThat(policy.rejection(Cidr.parse(text))).isEmpty();
        assertThat(policy.requireAllowed(Cidr.parse(text))).isEqualTo(Cidr.parse(text));
    }

    @Test
    void requireAllowedThrowsTheReasonAndTheCidr() {
        Cidr loopback = Cidr.parse("127.0.0.1");
        assertThatThrownBy(() -> policy.requireAllowed(loopback))
                .isInstanceOfSatisfying(RejectedAddressException.class, e -> {
                    assertThat(e.cidr()).isEqualTo(loopback);
                    assertThat(e).hasMessage(policy.rejection(loopback).orElseThrow());
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void floorsAreConfigurable() {
        AllowlistPolicy strict = new AllowlistPolicy(InternalRanges.defaults(), 16, 48);
        assertThat(strict.rejection(Cidr.parse("11.0.0.0/8"))).hasValueSatisfying(r -> assertThat(r).contains("/16"));
        assertThat(strict.rejection(Cidr.parse("11.1.0.0/16"))).isEmpty();
        assertThat(strict.rejection(Cidr.parse("2001:db8::/32"))).hasValueSatisfying(r -> assertThat(r).contains("/48"));
        assertThat(strict.rejection(Cidr.parse("2001:db8::/48"))).isEmpty();
    }

    @Test
    void evenWithoutAFloorNothingCoveringAnInternalRangePasses() {
        AllowlistPolicy noFloor = new AllowlistPolicy(InternalRanges.defaults(), 0, 0);
        assertThat(noFloor.rejection(Cidr.parse("0.0.0.0/0"))).hasValueSatisfying(r -> assertThat(r).contains("overlaps"));
        assertThat(noFloor.rejection(Cidr.parse("::/0"))).isPresent();
        assertThat(noFloor.rejection(Cidr.parse("64.0.0.0/3"))).isEmpty();
    }

    @Test
    void operatorRangesAreRejectedToo() {
        AllowlistPolicy extended = new AllowlistPolicy(
                InternalRanges.defaults().withExtra(List.of(Cidr.parse("198.51.100.0/24"))), 8, 32);
        assertThat(extended.rejection(Cidr.parse("198.51.100.7")))
                .hasValue("198.51.100.7/32 lies inside the internal range 198.51.100.0/24 (added by the operator),"
                        + " which is never allowed");
    }

    @Test
    void impossibleFloorsAreRefused() {
        InternalRanges internal = InternalRanges.defaults();
        assertThatThrownBy(() -> new AllowlistPolicy(internal, 33, 32)).hasMessageContaining("IPv4 floor");
        assertThatThrownBy(() -> new AllowlistPolicy(internal, -1, 32)).hasMessageContaining("IPv4 floor");
        assertThatThrownBy(() -> new AllowlistPolicy(internal, 8, 129)).hasMessageContaining("IPv6 floor");
    }
}
