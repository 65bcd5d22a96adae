package io.egressgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The block an operator reads after the start: one line per thing they look for, HTTPS first when on. */
class ReadyBlockTest {

    private static final Path DATA = Path.of("/var/lib/egress-gate");
    private static final DatabaseTarget H2 = new DatabaseTarget.EmbeddedH2(DATA.resolve("egressgate"));

    @Test
    void aFirstStartSaysWhereEverythingIsAndHowToSignIn() {
        ServerSettings settings = new ServerSettings(DATA, 8080, Optional.empty(), H2);
        assertThat(ReadyBlock.lines(settings, "user admin; the password is the admin API token in /x/initial-admin-token"))
                .containsExactly(
                        "egress-gate server: ready",
                        "  console   http://localhost:8080/",
                        "  API       http://localhost:8080/api/v1   (OpenAPI document at /openapi)",
                        "  gateways  ws://localhost:8080/ws/gateway",
                        "  metrics   http://localhost:8080/metrics (bearer token: metrics, viewer or admin);"
                                + " health http://localhost:8080/health/ready",
                        "  data      embedded H2 database /var/lib/egress-gate/egressgate.mv.db;"
                                + " data directory /var/lib/egress-gate",
                        "  sign in   user admin; the password is the admin API token in /x/initial-admin-token");
    }

    @Test
    void withHttpsEveryAddressIsTheEncryptedOneAndALaterStartPointsAtTheRecoveryCommand() {
        ServerSettings settings = new ServerSettings(DATA, 8080, Optional.of(8443), H2);
        assertThat(ReadyBlock.lines(settings, null))
                .contains("  console   https://localhost:8443/   (also http://localhost:8080/)",
                        "  gateways  wss://localhost:8443/ws/gateway",
                        "  sign in   with your console user (every admin lost? egress-gate-server reset-admin)");
    }
}
