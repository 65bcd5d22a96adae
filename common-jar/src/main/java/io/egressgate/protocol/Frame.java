package io.egressgate.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A received JSON object read field by field, turning every missing field and wrong JSON type into a
 * {@link ProtocolException} that names the field and where it sits ("ack frame, skipped[2]").
 */
final class Frame {

    private final Map<String, JsonValue> fields;
    private final String where;

    private Frame(Map<String, JsonValue> fields, String where) {
        this.fields = fields;
        this.where = where;
    }

    static Frame parse(JsonParserFactory parsers, String text) throws ProtocolException {
        if (text == null || text.isBlank()) {
            throw new ProtocolException("empty frame: expected a JSON object");
        }
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                throw new ProtocolException("frame is a JSON " + describe(parser.getValue())
                        + ", expected a JSON object");
            }
            Map<String, JsonValue> fields = new HashMap<>();
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                String field = parser.getString();
                parser.next();
                // Read by hand because JSON readers keep the last duplicate silently: two "type"
                // fields would let sender and receiver disagree on what the frame is.
                if (fields.put(field, parser.getValue()) != null) {
                    throw new ProtocolException("frame has the field '" + field + "' more than once");
                }
            }
            if (parser.hasNext()) {
                throw new ProtocolException("frame holds more than one JSON value; one message per frame");
            }
            return new Frame(fields, "frame");
        } catch (JsonException e) {
            throw new ProtocolException("frame is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Names this frame after its type in later messages. */
    Frame ofType(String type) {
        return new Frame(fields, "'" + type + "' frame");
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

    boolean bool(String field) throws ProtocolException {
        JsonValue value = fields.get(field);
        if (value == null) {
            throw new ProtocolException(where + ": field '" + field + "' is missing");
        }
        return switch (value.getValueType()) {
            case TRUE -> true;
            case FALSE -> false;
            default -> throw new ProtocolException(where + ": field '" + field + "' must be a boolean, was "
                    + describe(value));
        };
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

    /** Strings that may be absent or null (then null: not the same as an empty list). */
    List<String> optionalStrings(String field) throws ProtocolException {
        return isAbsent(field) ? null : strings(field);
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

    /** An object that may be absent or null. */
    Frame optionalObject(String field) throws ProtocolException {
        if (isAbsent(field)) {
            return null;
        }
        return new Frame(expect(field, JsonValue.ValueType.OBJECT, "an object", JsonObject.class),
                where + ", " + field);
    }

    String where() {
        return where;
    }

    private boolean isAbsent(String field) {
        JsonValue value = fields.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }

    private <T extends JsonValue> T expect(String field, JsonValue.ValueType type, String expected, Class<T> as)
            throws ProtocolException {
        JsonValue value = fields.get(field);
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
