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
        JsonView json = JsonView.object()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", (long) status)
                .put("detail", detail);
        extra.forEach((key, value) -> {
            if (value instanceof Number n) {
                json.put(key, n.longValue());
            } else if (value instanceof jakarta.json.JsonValue structured) {
                json.put(key, structured); // such as the refused values of a batch, each with its index
            } else {
                json.put(key, String.valueOf(value));
            }
        });
        return Response.status(status).type(MEDIA_TYPE).entity(json.build().toString()).build();
    }
}
