package io.egressgate.server.api;

import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads request bodies as one JSON value and nothing else. The container's own reader accepted
 * trailing garbage after the object and answered a body nested thousands deep with a 500; both are
 * the caller's mistake and get a 400 problem here, before the parser builds anything deep.
 */
@Provider
@Priority(1) // ahead of the JSON-B and JSON-P readers the container registers for the same type
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
public class StrictJsonReader implements MessageBodyReader<JsonValue> {

    /** Far deeper than any body of this API, far shallower than a stack overflow. */
    static final int DEEPEST_NESTING = 32;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonValue.class.isAssignableFrom(type);
    }

    @Override
    public JsonValue readFrom(Class<JsonValue> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entity) {
        return read(entity);
    }

    /** The body's one JSON value; a JsonException (a 400 problem) for anything else. */
    static JsonValue read(InputStream entity) {
        byte[] body;
        try {
            body = entity.readAllBytes();
        } catch (IOException e) {
            throw new JsonException("the request body could not be read", e);
        }
        checkShape(body);
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readValue();
        }
    }

    /** One streaming pass: nesting within bounds, and nothing after the first complete value. */
    private static void checkShape(byte[] body) {
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            int depth = 0;
            boolean complete = false;
            while (parser.hasNext()) {
                if (complete) {
                    throw new JsonException("unexpected content after the JSON value");
                }
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
                    depth++;
                    if (depth > DEEPEST_NESTING) {
                        throw new JsonException("nested deeper than " + DEEPEST_NESTING + " levels");
                    }
                } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                    depth--;
                }
                complete = depth == 0;
            }
        }
    }
}
