package io.egressgate.server.api;

import io.egressgate.failures.Causes;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every exception into a problem document; internal details never reach the caller. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    @Provider
    public static class Problems implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return e.toResponse();
        }
    }

    @Provider
    public static class BadInput implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    @Provider
    public static class UnreadableJson implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "the request body is not the JSON this call expects: "
                    + firstLine(e));
        }
    }

    @Provider
    public static class MalformedJson implements ExceptionMapper<jakarta.json.JsonException> {
        @Override
        public Response toResponse(jakarta.json.JsonException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "the request body is not valid JSON: " + firstLine(e));
        }
    }

    @Provider
    public static class Unprocessable implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return Causes.find(e, BodyTooLargeException.class).map(BodyTooLargeException::toResponse)
                    .orElseGet(() -> Problem.response(Response.Status.BAD_REQUEST,
                            "the request body cannot be read: " + firstLine(e)));
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            for (Throwable cause : Causes.chain(e.getCause())) {
                if (cause instanceof BodyTooLargeException tooLarge) {
                    return tooLarge.toResponse();
                }
                if (cause instanceof JsonbException || cause instanceof jakarta.json.JsonException) {
                    return Problem.response(Response.Status.BAD_REQUEST,
                            "the request body is not the JSON this call expects: " + firstLine(cause));
                }
            }
            Response.StatusType type = e.getResponse().getStatusInfo();
            String detail = switch (status) {
                case 404 -> "no such resource";
                case 405 -> "this method is not allowed here";
                case 406 -> "this resource answers only application/json";
                case 415 -> "send the request body as application/json";
                default -> type.getReasonPhrase();
            };
            return Problem.response(status, type.getReasonPhrase(), detail, java.util.Map.of());
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            for (Throwable cause : Causes.chain(e)) {
                if (cause instanceof ProblemException problem) {
                    return problem.toResponse();
                }
                if (cause instanceof IllegalArgumentException bad) {
                    return Problem.response(Response.Status.BAD_REQUEST, bad.getMessage());
                }
            }
            LOG.log(Level.WARNING, "unexpected error in an API call", e);
            return Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                    "the server failed to handle this request; the error is in the server log");
        }
    }

    static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
