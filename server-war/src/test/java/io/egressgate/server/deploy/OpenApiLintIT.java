package io.egressgate.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.egressgate.server.it.Api;
import io.egressgate.server.it.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document the server serves at /openapi passes {@code redocly lint} with Redocly's recommended
 * rules, so that client generators and API portals take it as it is. Redocly CLI is installed by
 * {@code ./dev test}; point {@code -Degressgate.redocly} or {@code EGRESS_GATE_REDOCLY} at another
 * redocly binary to use that one.
 */
class OpenApiLintIT {

    /** Where {@code ./dev test} installs it (npm install --prefix ~/.cache/egress-gate/redocly). */
    private static final Path INSTALLED_BY_DEV = Path.of(System.getProperty("user.home"),
            ".cache", "egress-gate", "redocly", "node_modules", ".bin", "redocly");

    /** Only the built-in rules: no config, plugin or ruleset is fetched from anywhere. */
    private static final String CONFIG = "extends:\n  - recommended\ntelemetry: off\n";

    /** Network safety: tests talk to loopback only, so redocly sends no usage data and asks for no update. */
    private static final Map<String, String> OFFLINE = Map.of(
            "REDOCLY_TELEMETRY", "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true",
            "REDOCLY_SUPPRESS_NOTIFICATIONS", "true",
            "NO_COLOR", "1");

    @TempDir
    Path work;

    @Test
    void theServedDocumentPassesRedoclyLint() throws Exception {
        Path redocly = redocly();
        Api.Reply served = Servers.h2().api(null).get("/openapi");
        assertThat(served.status()).isEqualTo(200);
        Files.writeString(work.resolve("openapi.yaml"), served.body());
        Files.writeString(work.resolve("redocly.yaml"), CONFIG);
        Path output = work.resolve("lint.txt");

        ProcessBuilder lint = new ProcessBuilder(redocly.toString(), "lint", "--config", "redocly.yaml", "openapi.yaml")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        lint.environment().putAll(OFFLINE);
        Process process = lint.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("redocly lint did not finish within 120 s:\n" + Files.readString(output));
        }
        assertThat(process.exitValue()).as("exit status of redocly lint on /openapi, which reports:\n"
                + Files.readString(output)).isZero();
    }

    private static Path redocly() {
        String configured = System.getProperty("egressgate.redocly", System.getenv("EGRESS_GATE_REDOCLY"));
        Path redocly = configured == null || configured.isBlank() ? INSTALLED_BY_DEV : Path.of(configured);
        if (!Files.isExecutable(redocly)) {
            fail(redocly + " is missing: run ./dev test, which installs Redocly CLI there for this test"
                    + " (or point -Degressgate.redocly or EGRESS_GATE_REDOCLY at a redocly binary)");
        }
        return redocly;
    }
}
