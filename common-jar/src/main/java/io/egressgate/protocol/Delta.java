package io.egressgate.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Server to gateway: the changes that take a gateway at {@code fromRevision} to {@code toRevision}.
 * A gateway at any other revision refuses it and says hello again.
 */
public record Delta(String epoch, long fromRevision, long toRevision, List<String> add, List<String> remove)
        implements GatewayMessage {

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

    @Override
    public String type() {
        return TYPE;
    }
}
