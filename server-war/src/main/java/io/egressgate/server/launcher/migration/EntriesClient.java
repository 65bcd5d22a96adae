package io.egressgate.server.launcher.migration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Adds entries through the server's own API ({@code POST /api/v1/entries}), so that everything
 * imported is validated, audited and published like any other change. JSON answers are read with
 * the YAML parser the launcher already carries (JSON is YAML).
 */
final class EntriesClient {

    /** What the server answered for one entry. */
    sealed interface Outcome permits Created, Present, Rejected {
    }

    record Created(boolean locked) implements Outcome {
    }

    /** The value was already on the allowlist; nothing changed. */
    record Present(boolean locked) implements Outcome {
    }

    record Rejected(String reason) implements Outcome {
    }

    /** The import cannot go on: the server is unreachable, refuses the token, or failed. */
    static final class Stopped extends Exception {
        Stopped(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI entries;
    private final String token;

    EntriesClient(URI server, String token) {
        String base = server.toString().replaceAll("/+$", "");
        this.entries = URI.create(base + "/api/v1/entries");
        this.token = token;
    }

    Outcome add(String value, boolean locked, String note) throws Stopped {
        String body = "{\"value\":" + quote(value) + ",\"locked\":" + locked + ",\"note\":" + quote(note) + "}";
        HttpRequest request = HttpRequest.newBuilder(entries).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Stopped("cannot reach " + entries + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("interrupted");
        }
        Map<?, ?> json = parse(response.body());
        boolean lockedNow = Boolean.TRUE.equals(json.get("locked"));
        String detail = json.get("detail") instanceof String text ? text : response.body().strip();
        return switch (response.statusCode()) {
            case 201 -> new Created(lockedNow);
            case 200 -> new Present(lockedNow);
            case 400, 409, 413, 422 -> new Rejected(detail);
            case 401, 403 -> throw new Stopped("the server refused the token (" + response.statusCode() + " "
                    + detail + "); the import needs an admin token");
            default -> throw new Stopped("the server answered " + response.statusCode() + ": " + detail);
        };
    }

    private static Map<?, ?> parse(String body) {
        try {
            Object document = new Load(LoadSettings.builder().build()).loadFromString(body);
            return document instanceof Map<?, ?> map ? map : Map.of();
        } catch (YamlEngineException e) {
            return Map.of();
        }
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
