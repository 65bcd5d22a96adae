package io.egressgate.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.server.entries.EntryKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PastedValuesTest {

    private static final AllowlistPolicy POLICY = AllowlistPolicy.defaults();

    @Test
    void everyLineIsCheckedOnItsOwnAndKeepsItsLineNumber() {
        List<PastedValues.Line> lines = PastedValues.check(
                "example.com\n10.1.2.3\n\n# a comment\n203.0.113.7\n198.51.100.0/24\nnot_a_domain!", POLICY);

        assertThat(lines).extracting(PastedValues.Line::number).containsExactly(1, 2, 5, 6, 7);
        assertThat(lines).extracting(PastedValues.Line::valid).containsExactly(true, false, true, true, false);
        assertThat(lines.get(0).value().orElseThrow().kind()).isEqualTo(EntryKind.DOMAIN);
        assertThat(lines.get(2).value().orElseThrow().kind()).isEqualTo(EntryKind.IP);
        assertThat(lines.get(3).value().orElseThrow().kind()).isEqualTo(EntryKind.CIDR);
        assertThat(lines.get(1).problem()).contains("10.0.0.0/8");
        assertThat(lines.get(4).text()).isEqualTo("not_a_domain!");
    }

    @Test
    void commasSemicolonsAndSpacesAlsoSeparateValues() {
        List<PastedValues.Line> lines = PastedValues.check("a.example.com, b.example.com;c.example.com  203.0.113.9", POLICY);

        assertThat(lines).extracting(PastedValues.Line::text)
                .containsExactly("a.example.com", "b.example.com", "c.example.com", "203.0.113.9");
        assertThat(lines).allMatch(PastedValues.Line::valid);
    }

    @Test
    void aValueGivenTwiceInOnePasteIsCheckedOnce() {
        List<PastedValues.Line> lines = PastedValues.check("Example.com\nexample.com.\nEXAMPLE.COM", POLICY);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).value().orElseThrow().canonical()).isEqualTo("example.com");
    }

    @Test
    void tooBroadAndInternalRangesAreRefusedWithTheirReason() {
        List<PastedValues.Line> lines = PastedValues.check("0.0.0.0/0\n::1\nfd00::/8", POLICY);

        assertThat(lines).noneMatch(PastedValues.Line::valid);
        assertThat(lines).allSatisfy(line -> assertThat(line.problem()).isNotBlank());
    }

    @Test
    void nothingPastedIsNoValues() {
        assertThat(PastedValues.check(null, POLICY)).isEmpty();
        assertThat(PastedValues.check(" \n\t\n# only a comment", POLICY)).isEmpty();
    }

    @Test
    void wildcardsArePastedLikeDomainsAndRefusedOnAPublicSuffixWithTheReason() {
        List<PastedValues.Line> lines = PastedValues.check("*.Example.com\nexample.com\n*.co.uk\na.*.example.com\n"
                + "*.example.com.", POLICY);

        assertThat(lines).extracting(PastedValues.Line::number).containsExactly(1, 2, 3, 4);
        assertThat(lines.get(0).value().orElseThrow().kind()).isEqualTo(EntryKind.WILDCARD);
        assertThat(lines.get(0).value().orElseThrow().canonical()).isEqualTo("*.example.com");
        assertThat(lines.get(1).value().orElseThrow().kind()).isEqualTo(EntryKind.DOMAIN);
        assertThat(lines.get(2).problem())
                .isEqualTo("*.co.uk would allow every name under the public suffix co.uk; list the domains instead");
        assertThat(lines.get(3).problem()).contains("is not a valid wildcard");
    }
}
