package io.egressgate.server.launcher.migration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Adds entries through the server's own API ({@code POST /api/v1/entries/batch}, up to
 * {@link #BATCH} at once), so that everything imported is validated, audited and published like any
 * other change, each batch as one revision. The server stores a batch whole or not at all: the values
 * it refuses are reported and the rest is sent again. JSON answers are read with the YAML parser the
 * launcher already carries (JSON is YAML).
 */
final class EntriesClient {

    /** The most values the server takes in one call. */
    static final int BATCH = 10_000;
    /** Each call leaves out at least one refused value, so a batch settles within a few calls. */
    private static final int MAX_CALLS_PER_BATCH = 5;

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
    private final URI batch;
    private final String token;

    EntriesClient(URI server, String token) {
        String base = server.toString().replaceAll("/+$", "");
        this.batch = URI.create(base + "/api/v1/entries/batch");
        this.token = token;
    }

    /** The outcome of each of these entries (at most {@link #BATCH}), in their order. */
    List<Outcome> add(List<ImportPlan.Entry> entries) throws Stopped {
        Outcome[] outcomes = new Outcome[entries.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            pending.add(i);
        }
        for (int call = 0; call < MAX_CALLS_PER_BATCH && !pending.isEmpty(); call++) {
            Map<?, ?> answer = send(pending.stream().map(entries::get).toList());
            List<Integer> sent = pending;
            pending = new ArrayList<>();
            if (answer.get("items") instanceof List<?> items) {
                for (Object item : items) {
                    Map<?, ?> stored = (Map<?, ?>) item;
                    boolean locked = Boolean.TRUE.equals(stored.get("locked"));
                    outcomes[sent.get(index(stored))] = Boolean.TRUE.equals(stored.get("created"))
                            ? new Created(locked) : new Present(locked);
                }
            } else {
                List<?> errors = (List<?>) answer.get("errors");
                for (Object error : errors) {
                    Map<?, ?> refused = (Map<?, ?>) error;
                    outcomes[sent.get(index(refused))] = new Rejected(String.valueOf(refused.get("message")));
                }
                for (int i : sent) {
                    if (outcomes[i] == null) {
                        pending.add(i);
                    }
                }
            }
        }
        if (!pending.isEmpty()) {
            throw new Stopped("the server kept refusing the batch; " + pending.size() + " entries not imported");
        }
        return List.of(outcomes);
    }

    /** The server's answer: stored ({@code items}) or refused ({@code errors}); anything else stops the import. */
    private Map<?, ?> send(List<ImportPlan.Entry> entries) throws Stopped {
        StringBuilder body = new StringBuilder("{\"values\":[");
        for (ImportPlan.Entry entry : entries) {
            body.append(body.charAt(body.length() - 1) == '[' ? "" : ",").append("{\"value\":").append(quote(entry.value()))
                    .append(",\"locked\":").append(entry.locked()).append(",\"note\":").append(quote(entry.note())).append('}');
        }
        body.append("]}");
        HttpRequest request = HttpRequest.newBuilder(batch).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Stopped("cannot reach " + batch + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("interrupted");
        }
        Map<?, ?> json = parse(response.body());
        String detail = json.get("detail") instanceof String text ? text : response.body().strip();
        return switch (response.statusCode()) {
            case 200 -> json;
            case 400 -> {
                if (!(json.get("errors") instanceof List<?>)) {
                    throw new Stopped("the server refused the batch: " + detail);
                }
                yield json;
            }
            case 401, 403 -> throw new Stopped("the server refused the token (" + response.statusCode() + " "
                    + detail + "); the import needs an admin token");
            default -> throw new Stopped("the server answered " + response.statusCode() + ": " + detail);
        };
    }

    private static int index(Map<?, ?> item) {
        return ((Number) item.get("index")).intValue();
    }

    /** An answer for 10,000 values is about 1.5 MB; the parser's own default stops at 3 MB. */
    private static final int ANSWER_LIMIT = 64 * 1024 * 1024;

    private static Map<?, ?> parse(String body) {
        try {
            Object document = new Load(LoadSettings.builder().setCodePointLimit(ANSWER_LIMIT).build()).loadFromString(body);
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
