package io.egressgate.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WhereTest {

    @Test
    void noConditionIsNoClause() {
        assertThat(new Where().clause()).isEmpty();
        assertThat(new Where().parameters()).isEmpty();
    }

    @Test
    void conditionsAreJoinedWithAndAndKeepTheirParameters() {
        Where where = new Where().and("(a.x LIKE :text OR a.y LIKE :ascii)", "text", "%t%").with("ascii", "%a%")
                .and("a.kind = :kind", "kind", "IP").and("a.error IS NOT NULL");

        assertThat(where.clause()).isEqualTo(" WHERE (a.x LIKE :text OR a.y LIKE :ascii) AND a.kind = :kind"
                + " AND a.error IS NOT NULL");
        assertThat(where.parameters()).isEqualTo(Map.of("text", "%t%", "ascii", "%a%", "kind", "IP"));
    }
}
