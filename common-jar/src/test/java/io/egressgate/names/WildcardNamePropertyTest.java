package io.egressgate.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A wildcard against its definition, on generated names: everything below the base matches at any
 * depth, the base never does, nor a name that merely ends in the base's text; and every spelling of
 * a wildcard parses back to the same one.
 */
class WildcardNamePropertyTest {

    @Property(tries = 500)
    void everyNameBelowTheBaseMatchesAtAnyDepth(@ForAll("bases") String base, @ForAll("prefixes") List<String> labels) {
        WildcardName wildcard = WildcardName.parse("*." + base);
        assertThat(wildcard.matches(String.join(".", labels) + "." + base)).isTrue();
    }

    @Property(tries = 300)
    void theBaseItselfNeverMatches(@ForAll("bases") String base) {
        WildcardName wildcard = WildcardName.parse("*." + base);
        assertThat(wildcard.matches(base)).isFalse();
        assertThat(wildcard.matches(base.toUpperCase() + ".")).isFalse();
    }

    @Property(tries = 500)
    void aNameThatOnlyEndsInTheBasesTextDoesNotMatch(@ForAll("bases") String base, @ForAll("labels") String glued) {
        // "evilexample.com" ends in "example.com" but is not below it
        assertThat(WildcardName.parse("*." + base).matches(glued + base)).isFalse();
    }

    @Property(tries = 500)
    void aNameMatchesExactlyWhenItsLabelsEndWithTheBasesLabels(@ForAll("bases") String base,
                                                               @ForAll("bases") String name) {
        List<String> baseLabels = List.of(base.split("\\."));
        List<String> nameLabels = List.of(name.split("\\."));
        boolean below = nameLabels.size() > baseLabels.size()
                && nameLabels.subList(nameLabels.size() - baseLabels.size(), nameLabels.size()).equals(baseLabels);
        assertThat(WildcardName.parse("*." + base).matches(name)).as("%s under *.%s", name, base).isEqualTo(below);
    }

    @Property(tries = 300)
    void everySpellingParsesBackToTheSameWildcard(@ForAll("bases") String base) {
        WildcardName wildcard = WildcardName.parse("*." + base);
        assertThat(WildcardName.parse(wildcard.ascii())).isEqualTo(wildcard);
        assertThat(WildcardName.parse(wildcard.unicode())).isEqualTo(wildcard);
        assertThat(WildcardName.parse(" " + wildcard.ascii().toUpperCase() + ". ")).isEqualTo(wildcard);
    }

    /** Names under .example, which is on no public suffix list; few letters, so names share labels often. */
    @Provide
    Arbitrary<String> bases() {
        return Arbitraries.of("a", "b", "ab", "b-a", "1").list().ofMinSize(0).ofMaxSize(3)
                .map(labels -> labels.isEmpty() ? "example" : String.join(".", labels) + ".example")
                .map(name -> name.equals("example") ? "x.example" : name);
    }

    @Provide
    Arbitrary<List<String>> prefixes() {
        return labels().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> labels() {
        Arbitrary<String> ascii = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1).ofMaxLength(20).filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        return Arbitraries.oneOf(ascii, Arbitraries.of("bücher", "_acme", "xn--bcher-kva", "WWW"));
    }
}
