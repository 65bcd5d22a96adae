package io.egressgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private static final List<String> FIVE = List.of("192.0.2.1/32", "192.0.2.2/32", "192.0.2.3/32",
            "192.0.2.4/32", "192.0.2.5/32");

    @Test
    void splitNumbersThePartsFromOneAndKeepsTheOrder() {
        List<Snapshot> parts = Snapshot.split("e", 7, FIVE, 2);

        assertThat(parts).extracting(Snapshot::part).containsExactly(1, 2, 3);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.parts()).isEqualTo(3);
            assertThat(part.epoch()).isEqualTo("e");
            assertThat(part.revision()).isEqualTo(7);
        });
        assertThat(parts).extracting(part -> part.cidrs().size()).containsExactly(2, 2, 1);
        assertThat(parts.stream().flatMap(part -> part.cidrs().stream())).containsExactlyElementsOf(FIVE);
    }

    @Test
    void splitOfAnExactMultipleHasNoEmptyTail() {
        assertThat(Snapshot.split("e", 1, FIVE.subList(0, 4), 2)).extracting(part -> part.cidrs().size())
                .containsExactly(2, 2);
    }

    @Test
    void aSmallSetIsOnePart() {
        assertThat(Snapshot.split("e", 1, FIVE, 1000)).singleElement()
                .isEqualTo(new Snapshot("e", 1, FIVE, 1, 1));
    }

    @Test
    void anEmptySetIsStillOneFrameSoTheGatewayLearnsItIsEmpty() {
        assertThat(Snapshot.split("e", 1, List.of(), 1000)).singleElement()
                .isEqualTo(new Snapshot("e", 1, List.of(), 1, 1));
    }

    @Test
    void splitNeedsRoomForAtLeastOneCidrPerPart() {
        assertThatThrownBy(() -> Snapshot.split("e", 1, FIVE, 0)).hasMessageContaining("maxPerPart must be at least 1");
    }

    @Test
    void aHundredThousandCidrsSplitIntoTenFrames() {
        List<String> cidrs = IntStream.range(0, 100_000).mapToObj(i -> "198.51." + (i >> 8 & 255) + "." + (i & 255)).toList();
        List<Snapshot> parts = Snapshot.split("e", 1, cidrs, 10_000);
        assertThat(parts).hasSize(10).allSatisfy(part -> assertThat(part.cidrs()).hasSize(10_000));
    }

    @Test
    void valuesNoSnapshotCanHaveAreRefused() {
        assertThatThrownBy(() -> new Snapshot("e", 1, List.of(), 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Snapshot("e", -1, List.of(), 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Snapshot(null, 1, List.of(), 1, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Snapshot("e", 1, java.util.Arrays.asList("a", null), 1, 1))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void theNamesGoWholeOnTheFirstPartAndEmptyOnTheOthersThePolicyOnEvery() {
        ServerPolicy policy = new ServerPolicy(List.of(), 8, 32);
        List<String> names = List.of("example.com", "*.example.org");
        List<Snapshot> parts = Snapshot.split("e", 7, FIVE, 2, policy, names);
        assertThat(parts).hasSize(3).allSatisfy(part -> assertThat(part.policy()).isEqualTo(policy));
        assertThat(parts).extracting(Snapshot::names).containsExactly(names, List.of(), List.of());
        assertThat(parts.stream().flatMap(part -> part.cidrs().stream())).containsExactlyElementsOf(FIVE);
    }

    @Test
    void anEmptySetStillCarriesItsNames() {
        assertThat(Snapshot.split("e", 1, List.of(), 1000, null, List.of("*.example.com"))).singleElement()
                .satisfies(part -> assertThat(part.names()).containsExactly("*.example.com"));
    }

    @Test
    void withoutNamesEveryPartHasNone() {
        assertThat(Snapshot.split("e", 7, FIVE, 2, null)).extracting(Snapshot::names).containsOnlyNulls();
    }
}
