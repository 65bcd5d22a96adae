package io.egressgate.gateway.dataplane;

/** The kernel refused a change or holds something else than was written; the message says which command and why. */
public class DataplaneException extends RuntimeException {

    public DataplaneException(String message) {
        super(message);
    }

    public DataplaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
