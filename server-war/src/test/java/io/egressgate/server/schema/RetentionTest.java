package io.egressgate.server.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void unitsAreDaysHoursMinutesSeconds() {
        assertThat(Retention.parse("audit_retention", "365d").period()).isEqualTo(Duration.ofDays(365));
        assertThat(Retention.parse("audit_retention", "12h").period()).isEqualTo(Duration.ofHours(12));
        assertThat(Retention.parse("audit_retention", " 45M ").period()).isEqualTo(Duration.ofMinutes(45));
        assertThat(Retention.parse("audit_retention", "90s").period()).isEqualTo(Duration.ofSeconds(90));
        assertThat(Retention.parse("audit_retention", "30d").cutoff(Duration.ofDays(31).toMillis()))
                .isEqualTo(Duration.ofDays(1).toMillis());
    }

    @Test
    void anythingElseIsOneClearError() {
        for (String bad : new String[] {"30", "0d", "-1d", "1w", "1.5h", "", "forever"}) {
            assertThatThrownBy(() -> Retention.parse("change_log_retention", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("change_log_retention must be a positive duration such as 30d, 12h, 45m or 90s, not '" + bad + "'");
        }
    }
}
