package io.egressgate.gateway.denials;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.DenialLog;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Optional;

/**
 * One denied (or would-deny) new connection as NFLOG saw it: addresses as host CIDRs, the protocol as
 * the protocol's text ({@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or its number), the
 * destination port (0 without ports) and the kernel's time in Unix seconds.
 */
record DeniedAttempt(Cidr source, Cidr destination, String protocol, int port, long epochSecond,
                     boolean wouldDeny) {

    /** ulogd lines are packet headers, never this long; a longer one is not parsed. */
    static final int MAX_LINE = 16_384;
    /** Made once: {@code Json.createReader} looks the provider up again on every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(java.util.Map.of());

    /**
     * Reads one line of ulogd2's JSON output; empty when it is not one of the gateway's NFLOG records
     * (another prefix, no addresses, unparsable).
     */
    static Optional<DeniedAttempt> fromUlogdJson(String line, long nowSeconds) {
        if (line.length() > MAX_LINE || !line.startsWith("{")) {
            return Optional.empty();
        }
        JsonObject json;
        try (JsonReader reader = READERS.createReader(new StringReader(line))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
        String prefix = text(json, "oob.prefix");
        boolean wouldDeny;
        if (DenialLog.DENY_PREFIX.equals(prefix)) {
            wouldDeny = false;
        } else if (DenialLog.WOULD_DENY_PREFIX.equals(prefix)) {
            wouldDeny = true;
        } else {
            return Optional.empty();
        }
        try {
            Cidr source = Cidr.parse(text(json, "src_ip"));
            Cidr destination = Cidr.parse(text(json, "dest_ip"));
            int number = (int) number(json, "ip.protocol", -1);
            if (number < 0 || number > 255) {
                return Optional.empty();
            }
            int port = (int) number(json, "dest_port", 0);
            long time = number(json, "oob.time.sec", nowSeconds);
            return Optional.of(new DeniedAttempt(source, destination, protocolText(number),
                    port < 0 || port > 65_535 ? 0 : port, time > 0 ? time : nowSeconds, wouldDeny));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String protocolText(int number) {
        return switch (number) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            default -> Integer.toString(number);
        };
    }

    /** The address without its /32 or /128, as the protocol writes addresses. */
    static String addressText(Cidr host) {
        String text = host.toString();
        return text.substring(0, text.indexOf('/'));
    }

    private static String text(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() != JsonValue.ValueType.STRING) {
            return "";
        }
        return json.getString(key);
    }

    private static long number(JsonObject json, String key, long otherwise) {
        JsonValue value = json.get(key);
        return value instanceof JsonNumber number && number.isIntegral() ? number.longValue() : otherwise;
    }
}
