package io.egressgate.addresses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrParseTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "203.0.113.7                              | 203.0.113.7/32",
        "198.51.100.0/24                          | 198.51.100.0/24",
        "0.0.0.0/0                                | 0.0.0.0/0",
        "0.0.0.0                                  | 0.0.0.0/32",
        "255.255.255.255                          | 255.255.255.255/32",
        "10.0.0.0/8                               | 10.0.0.0/8",
        "2001:db8::1                              | 2001:db8::1/128",
        "2001:DB8::                               | 2001:db8::/128",
        "2001:0db8:0000:0000:0000:0000:0000:0001  | 2001:db8::1/128",
        "2001:db8::/32                            | 2001:db8::/32",
        "::                                       | ::/128",
        "::/0                                     | ::/0",
        "::1                                      | ::1/128",
        "1::                                      | 1::/128",
        "1:2:3:4:5:6:7:8                          | 1:2:3:4:5:6:7:8/128",
        "1:2:3:4:5:6:7::                          | 1:2:3:4:5:6:7:0/128",
        "::2:3:4:5:6:7:8                          | 0:2:3:4:5:6:7:8/128",
        "1:0:0:2:0:0:0:3                          | 1:0:0:2::3/128",
        "1:0:0:2:0:0:3:4                          | 1::2:0:0:3:4/128",
        "fe80::/10                                | fe80::/10",
        "64:ff9b::203.0.113.7                     | 64:ff9b::cb00:7107/128",
        "::203.0.113.7                            | ::cb00:7107/128",
        "1:2:3:4:5:6:203.0.113.7                  | 1:2:3:4:5:6:cb00:7107/128",
    })
    void acceptsLiteralsAndPrintsThemCanonically(String text, String canonical) {
        assertThat(Cidr.parse(text)).hasToString(canonical);
    }

    @Test
    void stripsSurroundingWhitespace() {
        assertThat(Cidr.parse("  203.0.113.7/32\t")).isEqualTo(Cidr.parse("203.0.113.7"));
    }

    @Test
    void aBareAddressIsAHost() {
        Cidr ipv4 = Cidr.parse("203.0.113.7");
        Cidr ipv6 = Cidr.parse("2001:db8::7");
        assertThat(ipv4.isHost()).isTrue();
        assertThat(ipv4.isIpv6()).isFalse();
        assertThat(ipv4.prefixLength()).isEqualTo(32);
        assertThat(ipv6.isHost()).isTrue();
        assertThat(ipv6.isIpv6()).isTrue();
        assertThat(ipv6.prefixLength()).isEqualTo(128);
        assertThat(Cidr.parse("198.51.100.0/24").isHost()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "::ffff:10.0.0.1                | 10.0.0.1/32",
        "::FFFF:a00:1                   | 10.0.0.1/32",
        "0:0:0:0:0:ffff:203.0.113.7     | 203.0.113.7/32",
        "::ffff:203.0.113.0/120         | 203.0.113.0/24",
        "::ffff:10.0.0.0/104            | 10.0.0.0/8",
        "::ffff:0:0/96                  | 0.0.0.0/0",
    })
    void mappedIpv6BecomesTheEmbeddedIpv4(String text, String canonical) {
        Cidr cidr = Cidr.parse(text);
        assertThat(cidr).hasToString(canonical);
        assertThat(cidr.isIpv6()).isFalse();
    }

    @Test
    void aPrefixShorterThan96AroundTheMappedRangeStaysIpv6() {
        Cidr cidr = Cidr.parse("::fffe:0:0/95");
        assertThat(cidr.isIpv6()).isTrue();
        assertThat(cidr).hasToString("::fffe:0:0/95");
        assertThatThrownBy(() -> Cidr.parse("::ffff:0:0/95"))
                .hasMessageContaining("host bits").hasMessageContaining("::fffe:0:0/95");
    }

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource(delimiter = '|', value = {
        "198.51.100.7/24       | 198.51.100.0/24",
        "1.0.0.0/4             | 0.0.0.0/4",
        "10.0.0.1/0            | 0.0.0.0/0",
        "2001:db8::1/32        | 2001:db8::/32",
        "::ffff:10.0.0.1/127   | 10.0.0.0/31",
    })
    void hostBitsAreRejectedNamingTheNetworkProbablyMeant(String text, String meant) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text)
                .hasMessageContaining("host bits are set")
                .hasMessageContaining("did you mean " + meant + "?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0.01", "10.00.0.1", "00.0.0.0", "::ffff:10.0.0.01"})
    void leadingZerosInIpv4AreRejectedBecauseSomeToolsReadOctal(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).hasMessageContaining("leading zero");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1%eth0", "fe80::1%1", "fe80::%eth0/64"})
    void zoneIdsAreRejected(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).hasMessageContaining("zone ids");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "gateway", "example.com/24", "0x7f.0.0.1", "one.two.three.four"})
    void hostNamesAreRejectedWithoutAnyLookup(String text) {
        // "localhost" resolves everywhere: accepting it would prove a resolver was asked.
        assertThatThrownBy(() -> Cidr.parse(text)).hasMessageContaining("host names are not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "256.0.0.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4.", ".1.2.3", "127.1", "2130706433", "1.2.3.1000",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", "1:::2", "12345::", "g::1", ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:", "[2001:db8::1]", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4.5", "::1.2.3",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "\u0661.2.3.4", "::ffff:\u0661.2.3.4", "\uff11.2.3.4",
        "10.0.0.1 / 24", "10.0.0.0/", "10.0.0.0/a", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/08", "10.0.0.0/+8",
        "/8", "10.0.0.0/0x8", "10.0.0.1 10.0.0.2", "-1.0.0.0",
    })
    void garbageIsRejectedWithTheInputInTheMessage(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text.strip() + "' is not a valid IP address or CIDR");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33        | larger than 32",
        "2001:db8::/129     | larger than 128",
        "10.0.0.0/1000      | not a number from 0 to 32",
    })
    void prefixLengthMustFitTheFamily(String text, String problem) {
        assertThatThrownBy(() -> Cidr.parse(text)).hasMessageContaining(problem);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void nothingIsNotAnAddress(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no IP address or CIDR given");
    }
}
