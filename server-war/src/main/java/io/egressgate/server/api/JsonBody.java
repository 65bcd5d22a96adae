package io.egressgate.server.api;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Reads a request body field by field, so that a wrong type gets an error naming the field
 * ("locked must be true or false") instead of a parser's stack trace.
 */
public record JsonBody(JsonObject json) {

    public static JsonBody of(JsonValue body) {
        if (!(body instanceof JsonObject object)) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    public Optional<String> text(String field) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        throw new IllegalArgumentException(field + " must be a string");
    }

    public Optional<Boolean> flag(String field) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE
                || value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return Optional.of(value.getValueType() == JsonValue.ValueType.TRUE);
        }
        throw new IllegalArgumentException(field + " must be true or false");
    }

    public Optional<Long> number(String field) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            return Optional.of(number.longValueExact());
        }
        throw new IllegalArgumentException(field + " must be a whole number");
    }
}
