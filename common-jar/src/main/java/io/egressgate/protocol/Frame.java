package io.egressgate.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A received JSON object read field by field, turning every missing field and wrong JSON type into a
 * {@link ProtocolException} that names the field and where it sits ("ack frame, skipped[2]").
 */
final class Frame {

    private final JsonObject object;
    private final String where;

    private Frame(JsonObject object, String where) {
        this.object = object;
        this.where = where;
    }

    static Frame parse(JsonReaderFactory readers, String text) throws ProtocolException {
        if (text == null || text.isBlank()) {
            throw new ProtocolException("empty frame: expected a JSON object");
        }
        JsonValue value;
        try (JsonReader reader = readers.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new ProtocolException("frame is not valid JSON: " + e.getMessage(), e);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProtocolException("frame is a JSON " + describe(value) + ", expected a JSON object");
        }
        return new Frame(value.asJsonObject(), "frame");
    }

    /** Names this frame after its type in later messages. */
    Frame ofType(String type) {
        return new Frame(object, "'" + type + "' frame");
    }

    String string(String field) throws ProtocolException {
        return expect(field, JsonValue.ValueType.STRING, "a string", JsonString.class).getString();
    }

    /** A string that may be absent or null. */
    String optionalString(String field) throws ProtocolException {
        return isAbsent(field) ? null : string(field);
    }

    long number(String field) throws ProtocolException {
        JsonNumber number = expect(field, JsonValue.ValueType.NUMBER, "a whole number", JsonNumber.class);
        try {
            if (!number.isIntegral()) {
                throw new ArithmeticException("not whole");
            }
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw new ProtocolException(where + ": field '" + field + "' must be a whole number that fits in 64 bits, was "
                    + number);
        }
    }

    /** A whole number that may be absent or null. */
    Long optionalNumber(String field) throws ProtocolException {
        return isAbsent(field) ? null : number(field);
    }

    int smallNumber(String field) throws ProtocolException {
        long number = number(field);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new ProtocolException(where + ": field '" + field + "' is out of range, was " + number);
        }
        return (int) number;
    }

    List<String> strings(String field) throws ProtocolException {
        JsonArray array = expect(field, JsonValue.ValueType.ARRAY, "an array", JsonArray.class);
        List<String> strings = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonValue element = array.get(i);
            if (element.getValueType() != JsonValue.ValueType.STRING) {
                throw new ProtocolException(where + ": " + field + "[" + i + "] must be a string, was "
                        + describe(element));
            }
            strings.add(((JsonString) element).getString());
        }
        return strings;
    }

    List<Frame> objects(String field) throws ProtocolException {
        JsonArray array = expect(field, JsonValue.ValueType.ARRAY, "an array", JsonArray.class);
        List<Frame> objects = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonValue element = array.get(i);
            String elementWhere = where + ", " + field + "[" + i + "]";
            if (element.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ProtocolException(elementWhere + ": must be an object, was " + describe(element));
            }
            objects.add(new Frame(element.asJsonObject(), elementWhere));
        }
        return objects;
    }

    String where() {
        return where;
    }

    private boolean isAbsent(String field) {
        JsonValue value = object.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }

    private <T extends JsonValue> T expect(String field, JsonValue.ValueType type, String expected, Class<T> as)
            throws ProtocolException {
        JsonValue value = object.get(field);
        if (value == null) {
            throw new ProtocolException(where + ": field '" + field + "' is missing");
        }
        if (value.getValueType() != type) {
            throw new ProtocolException(where + ": field '" + field + "' must be " + expected + ", was "
                    + describe(value));
        }
        return as.cast(value);
    }

    private static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case TRUE, FALSE -> "boolean";
            case NULL -> "null";
        };
    }
}
