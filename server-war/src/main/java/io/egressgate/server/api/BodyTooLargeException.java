package io.egressgate.server.api;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;

/** The request body passed the configured limit; reading stops there. */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public Response toResponse() {
        return Problem.response(413, "Payload Too Large",
                "the request body is larger than the limit of " + limit + " bytes (max_body_bytes)",
                Map.of("limit", limit));
    }
}
