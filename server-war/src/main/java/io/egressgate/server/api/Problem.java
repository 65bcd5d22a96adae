package io.egressgate.server.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** An RFC 7807 problem document; the only shape errors leave the API in. */
public record Problem(String type, String title, int status, String detail, Map<String, Object> extra) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Response response(Response.Status status, String detail) {
        return response(status.getStatusCode(), status.getReasonPhrase(), detail, Map.of());
    }

    public static Response response(int status, String title, String detail, Map<String, Object> extra) {
        var json = jakarta.json.Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title)
                .add("status", status)
                .add("detail", detail);
        extra.forEach((key, value) -> {
            if (value instanceof Number n) {
                json.add(key, n.longValue());
            } else {
                json.add(key, String.valueOf(value));
            }
        });
        return Response.status(status).type(MEDIA_TYPE).entity(json.build().toString()).build();
    }
}
