package io.egressgate.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedNamesTest {

    private final AllowedNames names = AllowedNames.of(List.of("api.example.com", "*.cdn.example.net", "Shop.Example.ORG."));

    @Test
    void anExactNameAllowsItselfOnlyInAnyCaseWithOrWithoutTheRootDot() {
        assertThat(names.allows("api.example.com")).isTrue();
        assertThat(names.allows("API.example.com.")).isTrue();
        assertThat(names.allows("shop.example.org")).isTrue();
        assertThat(names.allows("www.api.example.com")).isFalse();
        assertThat(names.allows("example.com")).isFalse();
    }

    @Test
    void aWildcardAllowsEveryNameBelowAtAnyDepthButNotTheApex() {
        assertThat(names.allows("a.cdn.example.net")).isTrue();
        assertThat(names.allows("b.a.cdn.example.net.")).isTrue();
        assertThat(names.allows("cdn.example.net")).isFalse();
        assertThat(names.allows("xcdn.example.net")).isFalse();
        assertThat(names.allows("cdn.example.net.evil.test")).isFalse();
    }

    @Test
    void noNamesAllowNothing() {
        assertThat(AllowedNames.none().allows("example.com")).isFalse();
        assertThat(AllowedNames.none().isEmpty()).isTrue();
        assertThat(names.isEmpty()).isFalse();
    }
}
