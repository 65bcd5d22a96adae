package io.egressgate.server.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The ledger's before/after diff and the change log's collapse, without a database: what a gateway
 * applies must leave it where every single change would have.
 */
class NetChangeTest {

    /** A handful of values, so that sequences touch the same ones again and again. */
    private static Arbitrary<String> values() {
        return Arbitraries.of("203.0.113.1/32", "203.0.113.2/32", "198.51.100.0/24", "2001:db8::1/128", "a.example");
    }

    @Provide
    Arbitrary<List<NetChange.Logged>> logs() {
        return Combinators.combine(values(), Arbitraries.of("A", "R"))
                .as(NetChange.Logged::new).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Set<String>> sets() {
        return values().set().ofMaxSize(5);
    }

    @Property
    void applyingTheCollapseEqualsApplyingEveryRowInTurn(@ForAll("logs") List<NetChange.Logged> log,
                                                         @ForAll("sets") Set<String> gatewayHad) {
        Set<String> oneByOne = new HashSet<>(gatewayHad);
        for (NetChange.Logged row : log) {
            if (row.op().equals("A")) {
                oneByOne.add(row.value());
            } else {
                oneByOne.remove(row.value());
            }
        }
        NetChange net = NetChange.collapse(log);
        Set<String> collapsed = new HashSet<>(gatewayHad);
        collapsed.removeAll(net.remove());
        collapsed.addAll(net.add());
        assertThat(collapsed).isEqualTo(oneByOne);
        assertThat(net.add()).doesNotHaveDuplicates().noneMatch(net.remove()::contains);
        assertThat(net.remove()).doesNotHaveDuplicates();
    }

    @Property
    void theDiffTakesTheSetFromBeforeToAfterAndNamesOnlyWhatChanged(@ForAll("sets") Set<String> before,
                                                                     @ForAll("sets") Set<String> after,
                                                                     @ForAll("sets") Set<String> untouched) {
        Map<String, Boolean> touched = new LinkedHashMap<>();
        Set<String> all = new HashSet<>(before);
        all.addAll(after);
        all.removeAll(untouched);
        all.forEach(value -> touched.put(value, before.contains(value)));
        NetChange net = NetChange.between(touched, after);

        Set<String> applied = new HashSet<>(before);
        applied.removeAll(net.remove());
        applied.addAll(net.add());
        for (String value : touched.keySet()) {
            assertThat(applied.contains(value)).as(value).isEqualTo(after.contains(value));
        }
        assertThat(net.add()).allMatch(value -> !before.contains(value) && after.contains(value));
        assertThat(net.remove()).allMatch(value -> before.contains(value) && !after.contains(value));
        assertThat(net.add()).noneMatch(untouched::contains);
        assertThat(net.remove()).noneMatch(untouched::contains);
    }

    @Example
    void anAddressGivenByTwoEntriesStaysWhenOneLetsGoAndTheLastOperationOfTheLogCounts() {
        assertThat(NetChange.between(Map.of("203.0.113.1/32", true), Set.of("203.0.113.1/32")).isEmpty()).isTrue();
        NetChange net = NetChange.collapse(List.of(new NetChange.Logged("203.0.113.1/32", "A"),
                new NetChange.Logged("203.0.113.2/32", "A"), new NetChange.Logged("203.0.113.1/32", "R ")));
        assertThat(net.add()).containsExactly("203.0.113.2/32");
        assertThat(net.remove()).containsExactly("203.0.113.1/32");
    }
}
