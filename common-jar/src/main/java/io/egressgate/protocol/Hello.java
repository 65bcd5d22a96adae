package io.egressgate.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Gateway to server, first on every connection: who the gateway is and what it last applied, so the
 * server can answer with a delta when {@code (epoch, revision)} is known, or a snapshot otherwise.
 *
 * <p>The id and the hostname end up in the server's database, its console and its metrics labels,
 * so both are bounded here, once for every reader: an id is 1 to {@value #MAX_ID_LENGTH} characters of
 * {@code [A-Za-z0-9._-]} (a UUID fits), a hostname is a DNS-like name of 1 to
 * {@value #MAX_HOSTNAME_LENGTH} characters of {@code [A-Za-z0-9._-]}.
 *
 * @param epoch    the epoch of the last applied revision, null when nothing was applied yet
 * @param revision the last applied revision, null when nothing was applied yet
 * @param mode     {@value #ENFORCE} or {@value #REPORT} (protocol version 4); null from older gateways,
 *                 which enforce
 */
public record Hello(String gatewayId, String hostname, String version, String epoch, Long revision, String mode)
        implements GatewayMessage {

    public static final String TYPE = "hello";
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_HOSTNAME_LENGTH = 253;
    /** Denies what is not allowed. */
    public static final String ENFORCE = "enforce";
    /** Forwards what enforce would deny and records it as would-deny. */
    public static final String REPORT = "report";
    private static final Pattern ALLOWED_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");

    public Hello {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(version, "version");
        requireBoundedName("gatewayId", gatewayId, MAX_ID_LENGTH);
        requireBoundedName("hostname", hostname, MAX_HOSTNAME_LENGTH);
        if (revision != null && revision < 0) {
            throw new IllegalArgumentException("revision must not be negative, was " + revision);
        }
        if (mode != null && !mode.equals(ENFORCE) && !mode.equals(REPORT)) {
            throw new IllegalArgumentException("mode must be " + ENFORCE + " or " + REPORT);
        }
    }

    /** A hello without a mode, as gateways before protocol version 4 sent it. */
    public Hello(String gatewayId, String hostname, String version, String epoch, Long revision) {
        this(gatewayId, hostname, version, epoch, revision, null);
    }

    /** The mode the gateway runs in; older gateways, which say nothing, enforce. */
    public String effectiveMode() {
        return mode == null ? ENFORCE : mode;
    }

    private static void requireBoundedName(String field, String value, int maxLength) {
        // The length is checked first so that a huge value is never run through the pattern nor echoed back.
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be at most " + maxLength
                    + " characters, was " + value.length());
        }
        if (!ALLOWED_CHARACTERS.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1 to " + maxLength
                    + " characters of A-Z a-z 0-9 . _ -");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
