package io.egressgate.route.routes;

/**
 * The {@code proto} number stamped on every route egress-gate installs. It is how ownership is read
 * back from the kernel: a route carrying it is ours to change or delete, any other route is never
 * touched. 0-4 belong to the kernel itself (unspec, redirect, kernel, boot, static).
 */
public record RouteProtocol(int number) {

    /** Registered for egress-gate in {@code /etc/iproute2/rt_protos.d/egress-gate.conf}. */
    public static final RouteProtocol EGRESS_GATE = new RouteProtocol(230);

    public RouteProtocol {
        if (number < 5 || number > 255) {
            throw new IllegalArgumentException("route protocol " + number
                    + " is not between 5 and 255 (0-4 are the kernel's own: unspec, redirect, kernel, boot, static)");
        }
    }

    @Override
    public String toString() {
        return Integer.toString(number);
    }
}
