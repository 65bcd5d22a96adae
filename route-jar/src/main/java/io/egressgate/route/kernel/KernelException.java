package io.egressgate.route.kernel;

/** The kernel could not be asked at all: `ip` is missing, hung, or refused a read. */
public class KernelException extends Exception {

    public KernelException(String message) {
        super(message);
    }

    public KernelException(String message, Throwable cause) {
        super(message, cause);
    }
}
