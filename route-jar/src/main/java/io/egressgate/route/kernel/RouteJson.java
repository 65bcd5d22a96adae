package io.egressgate.route.kernel;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ip -N -json route ...} output. With {@code -N} the protocol and type come as numbers
 * even where /etc/iproute2 gives them names, so ownership never depends on the host's name files.
 */
final class RouteJson {

    private static final String LOCAL_TYPE = "2";
    private static final Map<String, String> TYPE_NUMBERS = Map.of(
            "unicast", "1", "local", LOCAL_TYPE, "blackhole", "6", "unreachable", "7", "prohibit", "8");
    private static final Map<String, Integer> PROTOCOL_NUMBERS = Map.of(
            "unspec", 0, "redirect", 1, "kernel", 2, "boot", 3, "static", 4);

    private RouteJson() {
    }

    static List<KernelRoute> routes(String json, IpFamily family) throws KernelException {
        List<KernelRoute> routes = new ArrayList<>();
        for (JsonValue value : array(json)) {
            if (value instanceof JsonObject route) {
                KernelRoute parsed = route(route, family);
                if (parsed != null) {
                    routes.add(parsed);
                }
            }
        }
        return routes;
    }

    static RouteLookup lookup(String json, InetAddress destination) throws KernelException {
        JsonArray answers = array(json);
        if (answers.isEmpty() || !(answers.get(0) instanceof JsonObject route)) {
            return RouteLookup.unreachable(destination, "the kernel returned no route");
        }
        String type = type(route);
        if (!type.equals("1") && !type.equals(LOCAL_TYPE)) {
            return RouteLookup.unreachable(destination, "the matching route is of type " + typeName(type));
        }
        return new RouteLookup(destination, address(route, "gateway"), text(route, "dev"),
                type.equals(LOCAL_TYPE), null);
    }

    /** A route we cannot make sense of (no parsable destination) is left out: it cannot be ours. */
    private static KernelRoute route(JsonObject route, IpFamily family) {
        Cidr destination = destination(text(route, "dst"), family);
        if (destination == null) {
            return null;
        }
        long metric = route.get("metric") instanceof JsonNumber number ? number.longValue() : 0;
        return new KernelRoute(destination, metric, protocol(text(route, "protocol")), address(route, "gateway"),
                text(route, "dev"), type(route).equals("1"));
    }

    private static Cidr destination(String dst, IpFamily family) {
        if (dst == null) {
            return null;
        }
        if (dst.equals("default")) {
            return Cidr.parse(family.isIpv6() ? "::/0" : "0.0.0.0/0");
        }
        try {
            return Cidr.parse(dst);
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    /** "boot" is the default protocol and the one `ip` leaves out of its output. */
    private static int protocol(String text) {
        if (text == null) {
            return 3;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException named) {
            return PROTOCOL_NUMBERS.getOrDefault(text, -1);
        }
    }

    private static String type(JsonObject route) {
        String type = text(route, "type");
        return type == null ? "1" : TYPE_NUMBERS.getOrDefault(type, type);
    }

    private static String typeName(String number) {
        return TYPE_NUMBERS.entrySet().stream().filter(e -> e.getValue().equals(number)).map(Map.Entry::getKey)
                .findFirst().orElse(number);
    }

    private static InetAddress address(JsonObject route, String field) {
        String text = text(route, field);
        if (text == null) {
            return null;
        }
        try {
            return Cidr.parse(text).address();
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    private static String text(JsonObject route, String field) {
        JsonValue value = route.get(field);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value instanceof JsonNumber number ? number.toString() : null;
    }

    private static JsonArray array(String json) throws KernelException {
        if (json.isBlank()) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readArray();
        } catch (JsonException | IllegalStateException e) {
            throw new KernelException("cannot read the output of ip -json: " + e.getMessage(), e);
        }
    }
}
