package io.egressgate.server.entries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressgate.addresses.AllowlistPolicy;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What NewEntries decides before it touches the database: all or nothing, each refusal with its index. */
class CheckedValuesTest {

    private static final AllowlistPolicy POLICY = AllowlistPolicy.defaults();

    private static CheckedValues check(String... values) {
        return CheckedValues.of(requests(values), POLICY);
    }

    private static List<NewEntries.Request> requests(String... values) {
        return java.util.Arrays.stream(values).map(v -> new NewEntries.Request(v, false, null)).toList();
    }

    @Test
    void everyRefusalCarriesItsIndexValueAndReasonAndTheGoodValuesAreKnownByIndex() {
        CheckedValues checked = check("example.com", "10.1.2.3", "203.0.113.7", "198.51.100.0/24", "not_a_domain!",
                "*.co.uk");

        assertThat(checked.refusals()).extracting(NewEntries.Refusal::index).containsExactly(1, 4, 5);
        assertThat(checked.refusals()).extracting(NewEntries.Refusal::value)
                .containsExactly("10.1.2.3", "not_a_domain!", "*.co.uk");
        assertThat(checked.refusals().get(0).message()).contains("10.0.0.0/8");
        assertThat(checked.refusals().get(2).message())
                .isEqualTo("*.co.uk would allow every name under the public suffix co.uk; list the domains instead");
        assertThat(checked.byIndex()).containsOnlyKeys(0, 2, 3);
        assertThat(checked.byIndex().get(0).value().kind()).isEqualTo(EntryKind.DOMAIN);
        assertThat(checked.byIndex().get(2).value().kind()).isEqualTo(EntryKind.IP);
        assertThat(checked.byIndex().get(3).value().kind()).isEqualTo(EntryKind.CIDR);
    }

    @Test
    void aValueGivenTwiceIsOneEntryAndItsFirstAppearanceDecidesLockAndNote() {
        CheckedValues checked = CheckedValues.of(List.of(new NewEntries.Request("Example.com", true, " first "),
                new NewEntries.Request("example.com.", false, "second"), new NewEntries.Request("*.Example.com", false, null)),
                POLICY);

        assertThat(checked.refusals()).isEmpty();
        assertThat(checked.distinct()).containsOnlyKeys("example.com", "*.example.com");
        CheckedValues.Value first = checked.distinct().get("example.com");
        assertThat(first.index()).isZero();
        assertThat(first.request().locked()).isTrue();
        assertThat(first.note()).isEqualTo("first");
        assertThat(checked.first(first)).isTrue();
        assertThat(checked.first(checked.byIndex().get(1))).isFalse();
        assertThat(checked.byIndex().get(1).canonical()).isEqualTo("example.com");
    }

    @Test
    void aBadNoteIsRefusedAtItsIndex() {
        CheckedValues checked = CheckedValues.of(List.of(new NewEntries.Request("a.example.com", false, "fine"),
                new NewEntries.Request("b.example.com", false, "x".repeat(NewEntries.MAX_NOTE + 1)),
                new NewEntries.Request("c.example.com", false, "line\nbreak")), POLICY);

        assertThat(checked.refusals()).extracting(NewEntries.Refusal::index).containsExactly(1, 2);
        assertThat(checked.refusals().get(0).message()).contains("longer than " + NewEntries.MAX_NOTE);
        assertThat(checked.refusals().get(1).message()).contains("control characters");
    }

    @Test
    void noValueOrAMissingOneIsRefused() {
        assertThatThrownBy(() -> check()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        CheckedValues checked = CheckedValues.of(Collections.singletonList(new NewEntries.Request(null, false, null)), POLICY);
        assertThat(checked.refusals()).singleElement().satisfies(r -> assertThat(r.message()).contains("value is required"));
    }

    @Test
    void atMostTenThousandValuesAreCheckedAtOnce() {
        String[] allowed = IntStream.range(0, NewEntries.MAX_VALUES).mapToObj(i -> "h" + i + ".example.com")
                .toArray(String[]::new);
        assertThat(check(allowed).distinct()).hasSize(NewEntries.MAX_VALUES);

        String[] tooMany = IntStream.rangeClosed(0, NewEntries.MAX_VALUES).mapToObj(i -> "h" + i + ".example.com")
                .toArray(String[]::new);
        assertThatThrownBy(() -> check(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at most 10000 values at once, not 10001");
    }
}
