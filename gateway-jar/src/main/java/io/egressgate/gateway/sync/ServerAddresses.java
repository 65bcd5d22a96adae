package io.egressgate.gateway.sync;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what an operator writes for {@code -iptables-wss-server} into WebSocket endpoint URIs: a full
 * URL ({@code wss://server:8181/ws/gateway}), a URL without path, or just {@code host:port} (which
 * means {@code wss://host:port/ws/gateway}); several may be given, comma-separated or repeated.
 */
public final class ServerAddresses {

    public static final String ENDPOINT_PATH = "/ws/gateway";

    private ServerAddresses() {
    }

    public static List<URI> parse(List<String> given) {
        List<URI> uris = new ArrayList<>();
        for (String item : given) {
            for (String part : item.split(",")) {
                if (!part.isBlank()) {
                    uris.add(parseOne(part.strip()));
                }
            }
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no server given: use -iptables-wss-server wss://server:8181/ws/gateway");
        }
        return List.copyOf(uris);
    }

    static URI parseOne(String text) {
        String withScheme = text.contains("://") ? text : "wss://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a server address: " + e.getMessage(), e);
        }
        String scheme = switch (String.valueOf(uri.getScheme()).toLowerCase()) {
            case "wss", "https" -> "wss";
            case "ws", "http" -> "ws";
            default -> throw new IllegalArgumentException("'" + text + "': the scheme must be wss:// (or ws:// for tests)");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' names no host; write host:port or wss://host:port/ws/gateway");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                ? ENDPOINT_PATH : uri.getPath();
        try {
            return new URI(scheme, null, uri.getHost(), uri.getPort(), path, uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }
}
