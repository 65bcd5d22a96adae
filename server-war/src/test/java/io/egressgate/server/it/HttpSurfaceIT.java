package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What anyone who can reach the server's port sees: /metrics only with a token that may read it,
 * health for load balancers, and no server name or version in any answer.
 */
class HttpSurfaceIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsNeedATokenThatMayReadThem() throws Exception {
        RunningServer server = Servers.h2();
        HttpResponse<String> anonymous = get(server, "/metrics", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(anonymous.body()).contains("Authorization: Bearer").doesNotContain("egressgate_");
        assertThat(get(server, "/metrics", "eg_no-such-token-0123456789").statusCode()).isEqualTo(401);

        JsonObject metrics = issue(server, "metrics");
        String metricsToken = metrics.getString("token");
        HttpResponse<String> scraped = get(server, "/metrics", metricsToken);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("egressgate_allowlist_size", "egressgate_gateways_connected");
        assertThat(get(server, "/metrics?scope=application", metricsToken).statusCode()).isEqualTo(200);
        assertThat(get(server, "/metrics?scope=application", null).statusCode()).isEqualTo(401);
        assertThat(get(server, "/metrics/application", null).statusCode()).as("every path below /metrics").isEqualTo(401);
        assertThat(get(server, "/api/v1/entries", metricsToken).statusCode()).as("a metrics token reads nothing else")
                .isEqualTo(403);

        assertThat(get(server, "/metrics", issue(server, "viewer").getString("token")).statusCode()).isEqualTo(200);
        assertThat(get(server, "/metrics", RunningServer.ADMIN_TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> gateway = get(server, "/metrics", issue(server, "gateway").getString("token"));
        assertThat(gateway.statusCode()).isEqualTo(403);
        assertThat(gateway.body()).doesNotContain("egressgate_");

        assertThat(server.api().delete("/api/v1/tokens/" + metrics.getJsonNumber("id").longValue()).status()).isLessThan(300);
        assertThat(get(server, "/metrics", metricsToken).statusCode()).as("revoked").isEqualTo(401);

        HttpResponse<String> health = get(server, "/health/ready", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }

    @Test
    void noAnswerNamesTheServerOrItsVersion() throws Exception {
        RunningServer server = Servers.h2();
        for (String path : List.of("/", "/login.xhtml", "/console/overview.xhtml", "/api/v1/entries", "/no-such-page",
                "/metrics", "/health/ready", "/openapi", "/ws/gateway")) {
            HttpResponse<String> answer = get(server, path, null);
            assertThat(answer.headers().firstValue("Server")).as("Server header of " + path).isEmpty();
            assertThat(answer.headers().firstValue("X-Powered-By")).as("X-Powered-By of " + path).isEmpty();
            assertThat(answer.body()).as("body of " + path).doesNotContainIgnoringCase("payara")
                    .doesNotContainIgnoringCase("glassfish").doesNotContain("6.2025");
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
        }
        HttpResponse<String> signIn = get(server, "/login.xhtml", null);
        assertThat(signIn.headers().allValues("Set-Cookie")).as("not Secure over plain HTTP")
                .allSatisfy(cookie -> assertThat(cookie).doesNotContainIgnoringCase("secure"));
    }

    private static JsonObject issue(RunningServer server, String role) {
        Api.Reply reply = server.api().post("/api/v1/tokens", Json.createObjectBuilder()
                .add("name", role + " " + UUID.randomUUID()).add("role", role).build().toString());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static HttpResponse<String> get(RunningServer server, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
