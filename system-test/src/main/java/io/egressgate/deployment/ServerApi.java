package io.egressgate.deployment;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The server's REST API as an operator's script uses it, with a bearer token. */
public final class ServerApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    private final String baseUrl;
    private final String token;

    public ServerApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Status and body of one answer; the body read as JSON when it is JSON, else {@code JsonValue.NULL}. */
    public record Reply(int status, String body, JsonValue value) {
        static Reply of(int status, String body) {
            JsonValue value;
            try (var reader = Json.createReader(new StringReader(body))) {
                value = reader.readValue();
            } catch (RuntimeException notJson) {
                value = JsonValue.NULL;
            }
            return new Reply(status, body, value);
        }

        public JsonObject json() {
            return value.asJsonObject();
        }

        public JsonArray array() {
            return value.asJsonArray();
        }

        @Override
        public String toString() {
            return status + " " + body.strip();
        }
    }

    /** The effective set as the server publishes it. */
    public record Allowlist(String epoch, long revision, List<String> cidrs) {
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    /** POST /entries; the raw answer, for tests of refusals. */
    public Reply postEntry(String value, boolean locked) {
        return post("/api/v1/entries", Json.createObjectBuilder().add("value", value).add("locked", locked)
                .add("note", "system test").build().toString());
    }

    /** Adds (or finds) an entry and returns its id; fails unless the server says 201 or 200. */
    public long addEntry(String value, boolean locked) {
        Reply reply = postEntry(value, locked);
        if (reply.status() != 201 && reply.status() != 200) {
            throw new IllegalStateException("adding " + value + " answered " + reply);
        }
        return reply.json().getJsonNumber("id").longValue();
    }

    public Reply deleteEntry(long id) {
        return delete("/api/v1/entries/" + id);
    }

    public JsonObject entry(long id) {
        return require(get("/api/v1/entries/" + id), 200).json();
    }

    public String createToken(String name, String role) {
        Reply reply = require(post("/api/v1/tokens", Json.createObjectBuilder().add("name", name).add("role", role)
                .build().toString()), 201);
        return reply.json().getString("token");
    }

    public Allowlist allowlist() {
        JsonObject json = require(get("/api/v1/allowlist"), 200).json();
        return new Allowlist(json.getString("epoch"), json.getJsonNumber("revision").longValue(),
                json.getJsonArray("cidrs").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString).toList());
    }

    public JsonArray gateways() {
        return require(get("/api/v1/gateways"), 200).array();
    }

    /** The server's own Prometheus text ({@code /metrics}, with this API's token). */
    public MetricsText metrics() {
        Reply reply = send(request("/metrics").timeout(Duration.ofSeconds(10)).GET());
        return MetricsText.parse(require(reply, 200).body());
    }

    private static Reply require(Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + ", the server answered " + reply);
        }
        return reply;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Reply.of(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
