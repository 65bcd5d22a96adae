package io.egressgate.server.launcher.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How outputGuard's rows become entries: one per domain, locks kept, private rows left out. */
class ImportPlanTest {

    private static final LocalDateTime MAY = LocalDateTime.of(2024, 5, 1, 10, 0);

    private static OutputGuardRow domain(String name, String ip, boolean noDelete, boolean local, int day) {
        return new OutputGuardRow("Domain", ip, name, noDelete, local, MAY.plusDays(day));
    }

    private static OutputGuardRow address(String ip, boolean noDelete, boolean local) {
        return new OutputGuardRow("IP", ip, ip, noDelete, local, MAY);
    }

    @Test
    void aDomainWithManyResolvedRowsBecomesOneEntryDatedByItsFirstRow() {
        ImportPlan plan = ImportPlan.of(List.of(
                domain("mirror.example.com", "203.0.113.10", false, false, 3),
                domain("mirror.example.com", "203.0.113.11", false, false, 1),
                domain("MIRROR.example.com", "203.0.113.10", false, false, 5)), false);

        assertThat(plan.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("mirror.example.com");
            assertThat(entry.domain()).isTrue();
            assertThat(entry.locked()).isFalse();
            assertThat(entry.note()).isEqualTo("outputGuard import: added 2024-05-02 10:00:00");
            assertThat(entry.resolvedAddresses()).containsExactly("203.0.113.10", "203.0.113.11");
        });
        assertThat(plan.rowsRead()).isEqualTo(3);
        assertThat(plan.resolvedAddresses()).isEqualTo(2);
    }

    @Test
    void notDeletableBecomesLockedForAddressesCidrsAndDomains() {
        ImportPlan plan = ImportPlan.of(List.of(
                address("198.51.100.0/24", true, false),
                address("203.0.113.7", false, false),
                domain("pkg.example.org", "192.0.2.1", true, false, 0),
                domain("pkg.example.org", "192.0.2.2", false, false, 1)), false);

        assertThat(plan.entries()).extracting(ImportPlan.Entry::value, ImportPlan.Entry::locked).containsExactly(
                org.assertj.core.groups.Tuple.tuple("198.51.100.0/24", true),
                org.assertj.core.groups.Tuple.tuple("203.0.113.7", false),
                org.assertj.core.groups.Tuple.tuple("pkg.example.org", true));
        assertThat(plan.locked()).isEqualTo(2);
        assertThat(plan.domains()).isEqualTo(1);
    }

    @Test
    void privateRowsAreSkippedWithTheirReasonAndTheirForcedLockIsNotCarriedToTheDomain() {
        ImportPlan plan = ImportPlan.of(List.of(
                address("10.1.2.3", true, true),
                domain("intranet.example.com", "192.168.1.5", true, true, 0),
                domain("intranet.example.com", "203.0.113.5", false, false, 1)), false);

        assertThat(plan.skipped()).extracting(ImportPlan.Skip::value, ImportPlan.Skip::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("10.1.2.3", "private address (is_local_net)"),
                org.assertj.core.groups.Tuple.tuple("192.168.1.5", "private address (is_local_net) of intranet.example.com"));
        assertThat(plan.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("intranet.example.com");
            assertThat(entry.locked()).as("outputGuard forced is_no_del on private addresses only").isFalse();
            assertThat(entry.resolvedAddresses()).containsExactly("203.0.113.5");
        });
    }

    @Test
    void resolvedAddressesAreAddedUnlockedOnlyWhenAskedAndNeverTwice() {
        List<OutputGuardRow> rows = List.of(
                domain("a.example.com", "203.0.113.20", true, false, 0),
                domain("b.example.com", "203.0.113.20", false, false, 0),
                domain("b.example.com", "203.0.113.21", false, false, 0),
                address("203.0.113.21", true, false));

        assertThat(ImportPlan.of(rows, false).entries()).extracting(ImportPlan.Entry::value)
                .containsExactly("a.example.com", "b.example.com", "203.0.113.21");
        ImportPlan kept = ImportPlan.of(rows, true);
        assertThat(kept.entries()).extracting(ImportPlan.Entry::value)
                .containsExactly("a.example.com", "b.example.com", "203.0.113.21", "203.0.113.20");
        assertThat(kept.entries().get(3)).satisfies(entry -> {
            assertThat(entry.locked()).isFalse();
            assertThat(entry.note()).isEqualTo("outputGuard import: resolved from a.example.com");
        });
        assertThat(kept.entries().get(2).locked()).as("the IP row's own lock wins").isTrue();
    }

    @Test
    void rowsOfUnknownTypeOrWithoutValueAreReported() {
        ImportPlan plan = ImportPlan.of(List.of(
                new OutputGuardRow("proxy", "203.0.113.9", "x", false, false, MAY),
                new OutputGuardRow("Domain", "203.0.113.9", " ", false, false, MAY),
                new OutputGuardRow("ip", "", "", false, false, null)), false);

        assertThat(plan.entries()).isEmpty();
        assertThat(plan.skipped()).extracting(ImportPlan.Skip::reason).containsExactly(
                "unknown type 'proxy'", "domain row without a domain name", "IP row without an address");
    }

    @Test
    void anIpRowWithoutIpFallsBackToItsNameAndTypesAreCaseInsensitive() {
        ImportPlan plan = ImportPlan.of(List.of(new OutputGuardRow(" ip ", null, "192.0.2.44", false, false, null)), false);

        assertThat(plan.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("192.0.2.44");
            assertThat(entry.note()).isEqualTo("outputGuard import");
        });
    }

    @Test
    void jsonStringsAreEscaped() {
        assertThat(EntriesClient.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void aWildcardDomainRowBecomesOneWildcardEntryCountedApart() {
        ImportPlan plan = ImportPlan.of(List.of(
                domain("*.cdn.example.com", "203.0.113.30", true, false, 0),
                domain("*.CDN.example.com", "203.0.113.31", false, false, 1),
                domain("cdn.example.com", "203.0.113.30", false, false, 0)), false);

        assertThat(plan.entries()).hasSize(2);
        assertThat(plan.entries().get(0)).satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("*.cdn.example.com");
            assertThat(entry.wildcard()).isTrue();
            assertThat(entry.locked()).isTrue();
        });
        assertThat(plan.entries().get(1).wildcard()).isFalse();
        assertThat(plan.wildcards()).isEqualTo(1);
        assertThat(plan.domains()).isEqualTo(1);
    }
}
