package io.egressgate.server.entries;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.query.Where;
import org.junit.jupiter.api.Test;

/** The one entry search the API and the console share, up to the query text (ConsoleIT runs both). */
class EntrySearchTest {

    @Test
    void noFilterIsEveryEntry() {
        Where where = EntrySearch.where(EntryFilter.none());
        assertThat(where.clause()).isEmpty();
        assertThat(where.parameters()).isEmpty();
    }

    @Test
    void percentAndUnderscoreAreEscapedSoTheyMatchThemselves() {
        Where where = EntrySearch.where(new EntryFilter(" 50%_Off! ", null, null, false));

        assertThat(where.clause()).contains("LOWER(e.value) LIKE :text ESCAPE '!'", "LOWER(e.note) LIKE :text ESCAPE '!'",
                "e.value LIKE :ascii ESCAPE '!'");
        assertThat(where.parameters()).containsEntry("text", "%50!%!_off!!%");
    }

    @Test
    void aDomainTypedInUnicodeAlsoFindsItsPunycodeForm() {
        Where where = EntrySearch.where(new EntryFilter("Bücher.example", null, null, false));

        assertThat(where.parameters()).containsEntry("text", "%bücher.example%")
                .containsEntry("ascii", "%xn--bcher-kva.example%");
    }

    @Test
    void textThatIsNoDomainIsSearchedAsTyped() {
        assertThat(EntrySearch.where(new EntryFilter("ticket OPS-7", null, null, false)).parameters())
                .containsEntry("ascii", "%ticket ops-7%");
    }

    @Test
    void kindLockAndFailingNarrowTheSearch() {
        Where where = EntrySearch.where(new EntryFilter(null, EntryKind.WILDCARD, Boolean.TRUE, true));

        assertThat(where.clause()).isEqualTo(" WHERE e.kind = :kind AND e.locked = :locked AND e.lastError IS NOT NULL");
        assertThat(where.parameters()).containsEntry("kind", EntryKind.WILDCARD).containsEntry("locked", true);
    }
}
