package io.egressgate.server.api;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Thrown by resources for an answer other than success; becomes a problem document. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final Map<String, Object> extra;

    public ProblemException(Response.Status status, String detail) {
        this(status, detail, Map.of());
    }

    public ProblemException(Response.Status status, String detail, Map<String, Object> extra) {
        super(detail);
        this.status = status.getStatusCode();
        this.extra = extra;
    }

    public Response toResponse() {
        return Problem.response(status, Response.Status.fromStatusCode(status).getReasonPhrase(), getMessage(), extra);
    }
}
