package io.egressgate.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "example.com                 | example.com",
        "Example.COM                 | example.com",
        "example.com.                | example.com",
        "  www.example.com  \t       | www.example.com",
        "bücher.example              | xn--bcher-kva.example",
        "BÜCHER.Example.             | xn--bcher-kva.example",
        "bücher\u3002example         | xn--bcher-kva.example",
        "xn--bcher-kva.example       | xn--bcher-kva.example",
        "XN--BCHER-KVA.EXAMPLE       | xn--bcher-kva.example",
        "_acme-challenge.example.com | _acme-challenge.example.com",
        "_443._tcp.example.com       | _443._tcp.example.com",
        "a-b.example.com             | a-b.example.com",
        "1.2.3.com                   | 1.2.3.com",
        "123.example                 | 123.example",
        "example.xn--p1ai            | example.xn--p1ai",
    })
    void normalisesToLowerCasePunycodeWithoutTrailingDot(String text, String ascii) {
        assertThat(DomainName.parse(text).ascii()).isEqualTo(ascii);
        assertThat(DomainName.parse(text)).hasToString(ascii).isEqualTo(new DomainName(ascii));
    }

    @Test
    void emojiLabelsFollowIdna2003AsJavaNetIdnDoes() {
        assertThat(DomainName.parse("\u2603.example").ascii()).isEqualTo("xn--n3h.example");
    }

    @Test
    void unicodeIsForDisplay() {
        assertThat(DomainName.parse("xn--bcher-kva.example").unicode()).isEqualTo("bücher.example");
        assertThat(DomainName.parse("example.com").unicode()).isEqualTo("example.com");
    }

    @Test
    void labelsUpTo63AndNamesUpTo253CharactersAreAccepted() {
        String label63 = "a".repeat(63);
        assertThat(DomainName.parse(label63 + ".example").ascii()).startsWith(label63);
        String name253 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(DomainName.parse(name253).ascii()).isEqualTo(name253);
        assertThat(DomainName.parse(name253 + ".").ascii()).isEqualTo(name253);
    }

    @Test
    void aLabelOf64CharactersIsRejected() {
        assertThatThrownBy(() -> DomainName.parse("a".repeat(64) + ".example"))
                .hasMessageContaining("64 characters long, more than 63");
    }

    @Test
    void aNameOf254CharactersIsRejected() {
        String name254 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62));
        assertThatThrownBy(() -> DomainName.parse(name254)).hasMessageContaining("254 characters long, more than 253");
    }

    @Test
    void theLimitsApplyToThePunycodeForm() {
        // 30 umlauts are 30 characters but their punycode label is longer than 63.
        assertThatThrownBy(() -> DomainName.parse("ü".repeat(30) + "x".repeat(30) + ".example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid domain name");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1               | all digits",
        "203.0.113.7            | all digits",
        "203.0.113.7.           | all digits",
        "::1                    | letters, digits and hyphens",
        "[2001:db8::1]          | letters, digits and hyphens",
        "localhost              | single label",
        "com                    | single label",
        "a_b.example.com        | letters, digits and hyphens (and an underscore as its first character)",
        "__acme.example.com     | letters, digits and hyphens",
        "_.example.com          | nothing after the underscore",
        "_-acme.example.com     | starts or ends with a hyphen",
        "-a.example.com         | starts or ends with a hyphen",
        "a-.example.com         | starts or ends with a hyphen",
        "example.com..          | empty label",
        "example..com           | empty label",
        ".example.com           | empty label",
        "exa mple.com           | letters, digits and hyphens",
        "example.com/path       | letters, digits and hyphens",
        "http://example.com     | letters, digits and hyphens",
        "*.example.com          | letters, digits and hyphens",
        "user@example.com       | letters, digits and hyphens",
        "example.com:443        | letters, digits and hyphens",
        "a\u0378.example         | cannot be converted to an ASCII (punycode) name",
    })
    void rejectsWithAClearReason(String text, String reason) {
        assertThatThrownBy(() -> DomainName.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text.strip() + "' is not a valid domain name: ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "."})
    void nothingIsNotADomainName(String text) {
        assertThatThrownBy(() -> DomainName.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConstructorAcceptsOnlyTheCanonicalAsciiForm() {
        assertThat(new DomainName("example.com").ascii()).isEqualTo("example.com");
        assertThatThrownBy(() -> new DomainName("Example.com")).hasMessageContaining("lower case");
        assertThatThrownBy(() -> new DomainName("example.com.")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> new DomainName("bücher.example")).hasMessageContaining("letters, digits and hyphens");
        assertThatThrownBy(() -> new DomainName(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalNamesAreEqualHoweverTheyWereWritten() {
        assertThat(DomainName.parse("Bücher.Example.")).isEqualTo(DomainName.parse("xn--bcher-kva.example"))
                .hasSameHashCodeAs(DomainName.parse("xn--bcher-kva.example"));
    }
}
