package io.egressgate.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Server to gateway: the changes that take a gateway at {@code fromRevision} to {@code toRevision}.
 * A gateway at any other revision refuses it and says hello again.
 *
 * @param policy the server's additions to the screening policy (a gateway that reconnects after the
 *               server restarted with other settings gets a delta, not a snapshot); null from servers
 *               that send none
 */
public record Delta(String epoch, long fromRevision, long toRevision, List<String> add, List<String> remove,
                    ServerPolicy policy) implements GatewayMessage {

    public static final String TYPE = "delta";

    public Delta {
        Objects.requireNonNull(epoch, "epoch");
        add = List.copyOf(add);
        remove = List.copyOf(remove);
        if (fromRevision < 0 || toRevision < fromRevision) {
            throw new IllegalArgumentException("a delta cannot go from revision " + fromRevision
                    + " to revision " + toRevision);
        }
    }

    /** A delta without a policy, as servers before the {@code policy} field sent it. */
    public Delta(String epoch, long fromRevision, long toRevision, List<String> add, List<String> remove) {
        this(epoch, fromRevision, toRevision, add, remove, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
