package io.egressgate.protocol;

/** A frame that is not a valid gateway-protocol message; the message says what is wrong with it. */
public class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
