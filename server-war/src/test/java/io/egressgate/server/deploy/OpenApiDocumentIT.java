package io.egressgate.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.it.Api;
import io.egressgate.server.it.RunningServer;
import io.egressgate.server.it.Servers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The site's copy of the OpenAPI document is what the server really serves at /openapi, the API
 * page names every operation in it, and the endpoints the deployment kit points at answer.
 * After an API change, refresh the copy with {@code -Degressgate.update-docs=true} (or the
 * environment variable {@code EGRESS_GATE_UPDATE_DOCS=true}) and commit it.
 */
class OpenApiDocumentIT {

    private static final Path COPY = Repository.site().resolve("resources/openapi.yaml");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @Test
    void theSitesCopyIsTheDocumentTheServerServes() throws Exception {
        RunningServer server = Servers.h2();
        Api.Reply served = server.api(null).get("/openapi");
        assertThat(served.status()).isEqualTo(200);
        String document = withDefaultServer(served.body());

        if (updateRequested()) {
            Files.writeString(COPY, document);
        }
        assertThat(COPY).as("the site's copy of /openapi; make it with -Degressgate.update-docs=true").exists();
        assertThat(withoutServers(Repository.read(COPY)))
                .as("src/site/resources/openapi.yaml differs from /openapi; refresh it with -Degressgate.update-docs=true")
                .isEqualTo(withoutServers(document));
    }

    @Test
    void theApiPageNamesEveryOperation() throws Exception {
        String page = Repository.read(Repository.site().resolve("markdown/api.md"));
        TreeSet<String> served = operations(Servers.h2().api(null).get("/openapi").body());
        assertThat(served).as("operations the server serves").contains("POST /api/v1/entries", "GET /api/v1/allowlist");
        List<String> missing = new ArrayList<>();
        for (String operation : served) {
            if (!page.contains("`" + operation + "`")) {
                missing.add(operation);
            }
        }
        assertThat(missing).as("operations of /openapi without a `METHOD /path` on api.md").isEmpty();
    }

    @Test
    void theEndpointsTheDeploymentKitUsesAnswer() throws Exception {
        Api anonymous = Servers.h2().api(null);
        for (String probe : List.of("/health/ready", "/health/live")) {
            Api.Reply reply = anonymous.get(probe);
            assertThat(reply.status()).as(probe).isEqualTo(200);
            assertThat(reply.json().getString("status")).as(probe).isEqualTo("UP");
        }
        assertThat(anonymous.get("/metrics").status()).as("/metrics needs a token").isEqualTo(401);
        Api.Reply metrics = Servers.h2().api().get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("egressgate_revision", "egressgate_allowlist_size", "egressgate_gateways_connected");
    }

    private static boolean updateRequested() {
        return Boolean.getBoolean("egressgate.update-docs") || "true".equals(System.getenv("EGRESS_GATE_UPDATE_DOCS"));
    }

    /** The server names itself with the address it was reached at; the copy names the default port. */
    private static String withDefaultServer(String document) {
        StringBuilder out = new StringBuilder();
        boolean inServers = false;
        for (String line : document.split("\n", -1)) {
            if (line.equals("servers:")) {
                inServers = true;
                out.append("servers:\n- url: http://localhost:8080\n  description: the server's default HTTP port\n");
                continue;
            }
            if (inServers && (line.startsWith("- ") || line.startsWith("  "))) {
                continue;
            }
            inServers = false;
            out.append(line).append('\n');
        }
        return out.toString().replaceAll("\n+$", "\n");
    }

    private static Map<?, ?> withoutServers(String document) {
        Map<?, ?> parsed = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(document);
        parsed.remove("servers");
        return parsed;
    }

    private static TreeSet<String> operations(String document) {
        TreeSet<String> operations = new TreeSet<>();
        Map<?, ?> paths = (Map<?, ?>) withoutServers(document).get("paths");
        paths.forEach((path, item) -> ((Map<?, ?>) item).keySet().stream().map(String::valueOf)
                .filter(METHODS::contains).forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }
}
