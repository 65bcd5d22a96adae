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
 * @param addNames    names gateways allow from {@code toRevision} on, exact and {@code *.} wildcards,
 *                    as text; null from servers before protocol version 2 (then so is
 *                    {@code removeNames}), which is not the same as an empty list
 * @param removeNames names no longer allowed; a name is in at most one of the two lists
 * @param accepts     the message types beyond {@code hello}, {@code ack} and {@code stats} that this
 *                    server takes from gateways ({@code learned}); null from servers before protocol
 *                    version 3, which take none
 */
public record Delta(String epoch, long fromRevision, long toRevision, List<String> add, List<String> remove,
                    ServerPolicy policy, List<String> addNames, List<String> removeNames, List<String> accepts)
        implements GatewayMessage {

    public static final String TYPE = "delta";

    public Delta {
        Objects.requireNonNull(epoch, "epoch");
        add = List.copyOf(add);
        remove = List.copyOf(remove);
        // one list without the other is read as "no names of that side": both travel together
        if (addNames != null || removeNames != null) {
            addNames = addNames == null ? List.of() : List.copyOf(addNames);
            removeNames = removeNames == null ? List.of() : List.copyOf(removeNames);
        }
        accepts = accepts == null ? null : List.copyOf(accepts);
        if (fromRevision < 0 || toRevision < fromRevision) {
            throw new IllegalArgumentException("a delta cannot go from revision " + fromRevision
                    + " to revision " + toRevision);
        }
    }

    /** A delta without a policy, as servers before the {@code policy} field sent it. */
    public Delta(String epoch, long fromRevision, long toRevision, List<String> add, List<String> remove) {
        this(epoch, fromRevision, toRevision, add, remove, null, null, null, null);
    }

    /** A delta without names, as servers before protocol version 2 sent it. */
    public Delta(String epoch, long fromRevision, long toRevision, List<String> add, List<String> remove,
                 ServerPolicy policy) {
        this(epoch, fromRevision, toRevision, add, remove, policy, null, null, null);
    }

    /** A delta that says nothing about what the server accepts, as servers before protocol version 3 sent it. */
    public Delta(String epoch, long fromRevision, long toRevision, List<String> add, List<String> remove,
                 ServerPolicy policy, List<String> addNames, List<String> removeNames) {
        this(epoch, fromRevision, toRevision, add, remove, policy, addNames, removeNames, null);
    }

    /** Whether the server that sent this delta takes {@code type} from gateways. */
    public boolean accepts(String type) {
        return accepts != null && accepts.contains(type);
    }

    /** Whether the server sent names (protocol version 2 or later); only then is an empty list "no change". */
    public boolean carriesNames() {
        return addNames != null;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
