package io.egressgate.addresses;

/** A syntactically valid CIDR that policy forbids on the allowlist; the message is the reason. */
public class RejectedAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Cidr cidr;

    public RejectedAddressException(Cidr cidr, String reason) {
        super(reason);
        this.cidr = cidr;
    }

    /** The CIDR that was refused. */
    public Cidr cidr() {
        return cidr;
    }
}
