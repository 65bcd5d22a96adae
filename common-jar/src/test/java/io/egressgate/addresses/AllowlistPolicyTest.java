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
        "::1               | ::1/128 lies inside the internal range ::1/128 (loopback, RFC 4291)",
        "::ffff:10.0.0.1   | 10.0.0.1/32 lies inside the internal range 10.0.0.0/8",
        "fe80::1           | fe80::1/128 lies inside the internal range fe80::/10 (link-local, RFC 4291)",
        "0.0.0.0/0         | 0.0.0.0/0 is too broad: the widest IPv4 range that may be allowed is a /8",
        "::/0              | ::/0 is too broad: the widest IPv6 range that may be allowed is a /32",
        "172.0.0.0/8       | 172.0.0.0/8 overlaps the internal range 172.16.0.0/12",
        "100.0.0.0/8       | 100.0.0.0/8 overlaps the internal range 100.64.0.0/10 (carrier-grade NAT, RFC 6598)",
        "255.255.255.255   | lies inside the internal range 240.0.0.0/4",
        "169.254.169.254   | lies inside the internal range 169.254.0.0/16 (link-local, RFC 3927)",
        "127.0.0.1         | lies inside the internal range 127.0.0.0/8 (loopback, RFC 1122)",
        "224.0.0.251       | lies inside the internal range 224.0.0.0/4 (multicast, RFC 5771)",
        "::                | lies inside the internal range ::/128 (unspecified address, RFC 4291)",
        "fd00::/48         | lies inside the internal range fc00::/7",
        "ff02::1           | lies inside the internal range ff00::/8 (multicast, RFC 4291)",
        // issue 11's examples, each accepted before
        "64:ff9b::/96      | 64:ff9b::/96 overlaps the internal range 64:ff9b::/104 (the NAT64 form (RFC 6052) of 0.0.0.0/8",
        "64:ff9b::a00:1    | 64:ff9b::a00:1/128 lies inside the internal range 64:ff9b::a00:0/104 (the NAT64 form (RFC 6052) of 10.0.0.0/8, private network, RFC 1918)",
        "2002:a00:1::1     | 2002:a00:1::1/128 lies inside the internal range 2002:a00::/24 (the 6to4 form (RFC 3056) of 10.0.0.0/8, private network, RFC 1918)",
        "::10.0.0.1        | ::a00:1/128 lies inside the internal range ::/96 (IPv4-compatible, deprecated by RFC 4291)",
        "::ffff:0:10.0.0.1 | ::ffff:0:a00:1/128 lies inside the internal range ::ffff:0:0:0/96 (IPv4-translated, RFC 2765)",
        "198.18.0.1        | 198.18.0.1/32 lies inside the internal range 198.18.0.0/15 (benchmarking, RFC 2544)",
        "64:ff9b:1::1      | lies inside the internal range 64:ff9b:1::/48 (local-use IPv4/IPv6 translation, RFC 8215)",
        "2001::1           | lies inside the internal range 2001::/32 (Teredo, RFC 4380)",
        "192.0.0.8         | lies inside the internal range 192.0.0.0/24 (IETF protocol assignments, RFC 6890)",
        "2002:a00::/32     | 2002:a00::/32 lies inside the internal range 2002:a00::/24 (the 6to4 form",
        "64:ff9b::800:0/102 | overlaps the internal range 64:ff9b::a00:0/104",
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
        "64:ff9b::c000:207", "64:ff9b::c000:200/120", "2002:c000:207::1", "2002:c000:200::/40", "198.20.0.0/14",
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
    void theUnionKeepsBothListsAndTheNarrowerFloors() {
        AllowlistPolicy local = new AllowlistPolicy(InternalRanges.defaults().withExtra(List.of(Cidr.parse("203.0.113.0/24"))), 8, 40);
        AllowlistPolicy union = local.unionWith(List.of(Cidr.parse("198.51.100.0/24")), "internal on the server", 16, 32);

        assertThat(union.floorV4()).isEqualTo(16);
        assertThat(union.floorV6()).isEqualTo(40);
        assertThat(union.rejection(Cidr.parse("203.0.113.7"))).hasValueSatisfying(r -> assertThat(r).contains("added by the operator"));
        assertThat(union.rejection(Cidr.parse("198.51.100.7"))).hasValueSatisfying(r -> assertThat(r).contains("internal on the server"));
        assertThat(union.rejection(Cidr.parse("64:ff9b::c633:6407"))).hasValueSatisfying(r -> assertThat(r).contains("NAT64"));
        assertThat(union.rejection(Cidr.parse("11.0.0.0/8"))).hasValueSatisfying(r -> assertThat(r).contains("too broad"));
        assertThat(union.rejection(Cidr.parse("192.0.2.7"))).isEmpty();
        assertThat(union.internal().extra()).containsExactly(Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"));
        assertThat(local.unionWith(List.of(), "none", 0, 0)).isEqualTo(local);
    }

    @Test
    void impossibleFloorsAreRefused() {
        InternalRanges internal = InternalRanges.defaults();
        assertThatThrownBy(() -> new AllowlistPolicy(internal, 33, 32)).hasMessageContaining("IPv4 floor");
        assertThatThrownBy(() -> new AllowlistPolicy(internal, -1, 32)).hasMessageContaining("IPv4 floor");
        assertThatThrownBy(() -> new AllowlistPolicy(internal, 8, 129)).hasMessageContaining("IPv6 floor");
    }
}
