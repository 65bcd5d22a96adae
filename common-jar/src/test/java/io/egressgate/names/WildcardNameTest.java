package io.egressgate.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WildcardNameTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "*.example.com            | *.example.com",
        "*.Example.COM.           | *.example.com",
        "  *.www.example.com \t   | *.www.example.com",
        "*.bücher.example         | *.xn--bcher-kva.example",
        "*.XN--BCHER-KVA.example  | *.xn--bcher-kva.example",
        "*._tcp.example.com       | *._tcp.example.com",
        "*.example.co.uk          | *.example.co.uk",
        "*.someone.github.io      | *.someone.github.io",
        "*.github.com             | *.github.com",
    })
    void parsesTheBaseAsADomainNameInCanonicalForm(String text, String ascii) {
        WildcardName wildcard = WildcardName.parse(text);
        assertThat(wildcard.ascii()).isEqualTo(ascii);
        assertThat(wildcard).hasToString(ascii);
        assertThat(wildcard.base()).isEqualTo(DomainName.parse(ascii.substring(2)));
    }

    @Test
    void unicodeIsForDisplay() {
        assertThat(WildcardName.parse("*.xn--bcher-kva.example").unicode()).isEqualTo("*.bücher.example");
    }

    @Test
    void aWildcardOnCoUkIsRefusedNamingThePublicSuffix() {
        assertThatThrownBy(() -> WildcardName.parse("*.co.uk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("*.co.uk would allow every name under the public suffix co.uk; list the domains instead");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*.com             | com",
        "*.COM.            | com",
        "*.uk              | uk",
        "*.github.io       | github.io",
        "*.s3.amazonaws.com| s3.amazonaws.com",
        "*.рф              | xn--p1ai",
        "*.xn--p1ai        | xn--p1ai",
        "*.com.au          | com.au",
        "*.anything.ck     | anything.ck",
    })
    void aWildcardOnAnyPublicSuffixIsRefused(String text, String suffix) {
        assertThatThrownBy(() -> WildcardName.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("*." + suffix + " would allow every name under the public suffix " + suffix
                        + "; list the domains instead");
    }

    @Test
    void theConstructorRefusesAPublicSuffixToo() {
        assertThatThrownBy(() -> new WildcardName(DomainName.parse("co.uk")))
                .hasMessageContaining("public suffix co.uk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.*.example.com", "*foo.example.com", "**.example.com", "*.*.example.com",
            "foo*.example.com", "*.exa*mple.com", "example.*", "*", "*.", "*..example.com", "*.-bad-.com",
            "*.a..b.com", "*.localhost", "*.1.2.3.4", "example.com", " *.", "*.exa mple.com"})
    void anythingButALeadingStarLabelOnADomainNameIsRefused(String text) {
        assertThatThrownBy(() -> WildcardName.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid wildcard");
    }

    @Test
    void aStarInsideTheNameIsNamedAsTheProblem() {
        assertThatThrownBy(() -> WildcardName.parse("a.*.example.com"))
                .hasMessage("'a.*.example.com' is not a valid wildcard: a wildcard is '*.' followed by a domain name,"
                        + " such as *.example.com");
        assertThatThrownBy(() -> WildcardName.parse("*.a.*.example.com"))
                .hasMessageContaining("only a leading '*.' label may be a wildcard");
    }

    @Test
    void aBaseTooLongForAnyNameBelowItIsRefused() {
        String base251 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(59));
        assertThat(base251).hasSize(251);
        assertThat(WildcardName.parse("*." + base251).matches("x." + base251)).isTrue();
        String base252 = "e." + base251.substring(1);
        assertThat(base252).hasSize(252);
        assertThatThrownBy(() -> WildcardName.parse("*." + base252)).hasMessageContaining("would allow nothing");
    }

    @Test
    void noTextIsRefused() {
        assertThatThrownBy(() -> WildcardName.parse(null)).hasMessage("no wildcard given");
        assertThatThrownBy(() -> WildcardName.parse("  ")).hasMessage("no wildcard given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"www.example.com", "a.b.c.example.com", "WWW.Example.COM.", "_acme.example.com",
            "x.example.com"})
    void matchesEveryNameBelowTheBase(String name) {
        assertThat(WildcardName.parse("*.example.com").matches(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "EXAMPLE.COM.", "notexample.com", "example.com.evil.net", "com",
            "www.example.org", "", "..example.com", ".example.com", "www..example.com", "a b.example.com"})
    void matchesNeitherTheBaseNorAnythingElse(String name) {
        assertThat(WildcardName.parse("*.example.com").matches(name)).isFalse();
    }

    @Test
    void matchesInternationalisedNamesInEitherSpelling() {
        WildcardName wildcard = WildcardName.parse("*.bücher.example");
        assertThat(wildcard.matches("www.xn--bcher-kva.example")).isTrue();
        assertThat(wildcard.matches("shop.BÜCHER.example")).isTrue();
        assertThat(wildcard.matches("bücher.example")).isFalse();
    }

    @Test
    void aStarMakesATextLookLikeAWildcard() {
        assertThat(WildcardName.looksLikeWildcard("*.example.com")).isTrue();
        assertThat(WildcardName.looksLikeWildcard("a.*.example.com")).isTrue();
        assertThat(WildcardName.looksLikeWildcard("example.com")).isFalse();
        assertThat(WildcardName.looksLikeWildcard(null)).isFalse();
    }
}
