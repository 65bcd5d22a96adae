package io.egressgate.server.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressgate.server.allowlist.Change;
import io.egressgate.server.allowlist.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedTest {

    private static final String EPOCH = "e1";

    @Test
    void aChangeMovesTheSetAndTheRevisionInPlace() {
        Published published = new Published(new Version(EPOCH, 4), List.of("192.0.2.1/32", "192.0.2.2/32"));

        published.advance(new Change(new Version(EPOCH, 4), 6, List.of("198.51.100.0/24"), List.of("192.0.2.1/32"),
                List.of(), List.of()));

        assertThat(published.version()).isEqualTo(new Version(EPOCH, 6));
        assertThat(published.contains("198.51.100.0/24")).isTrue();
        assertThat(published.contains("192.0.2.2/32")).isTrue();
        assertThat(published.contains("192.0.2.1/32")).isFalse();
    }

    @Test
    void aChangeFromAnotherRevisionIsRefusedAndChangesNothing() {
        Published published = new Published(new Version(EPOCH, 4), List.of("192.0.2.1/32"));
        Change fromElsewhere = new Change(new Version(EPOCH, 5), 6, List.of("198.51.100.0/24"), List.of("192.0.2.1/32"),
                List.of(), List.of());

        assertThatThrownBy(() -> published.advance(fromElsewhere)).isInstanceOf(IllegalArgumentException.class);
        assertThat(published.version()).isEqualTo(new Version(EPOCH, 4));
        assertThat(published.contains("192.0.2.1/32")).isTrue();
        assertThat(published.contains("198.51.100.0/24")).isFalse();
    }
}
