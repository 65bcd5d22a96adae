package io.egressgate.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Server to gateway: the complete allowed set at {@code revision}, possibly split over several frames
 * so that no single frame grows unbounded. The gateway applies it once all {@code parts} arrived.
 *
 * @param part   1-based number of this frame among {@code parts}
 * @param policy the server's additions to the screening policy, on every part; null from servers
 *               that send none (before protocol field {@code policy})
 * @param names  the names gateways allow, exact ({@code example.com}) and wildcards
 *               ({@code *.example.com}), as text so that a gateway can skip one it cannot read; the
 *               snapshot's names are those of all its parts together (this server puts every name in
 *               part 1 and an empty list in the others); null from servers before protocol version 2,
 *               which is not the same as an empty list
 * @param accepts the message types beyond {@code hello}, {@code ack} and {@code stats} that this
 *               server takes from gateways ({@code learned}), on every part; null from servers before
 *               protocol version 3, which take none
 */
public record Snapshot(String epoch, long revision, List<String> cidrs, int part, int parts, ServerPolicy policy,
                       List<String> names, List<String> accepts) implements GatewayMessage {

    public static final String TYPE = "snapshot";

    public Snapshot {
        Objects.requireNonNull(epoch, "epoch");
        cidrs = List.copyOf(cidrs);
        names = names == null ? null : List.copyOf(names);
        accepts = accepts == null ? null : List.copyOf(accepts);
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative, was " + revision);
        }
        if (parts < 1 || part < 1 || part > parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts + " is not a valid part number");
        }
    }

    /** A part without a policy, as servers before the {@code policy} field sent it. */
    public Snapshot(String epoch, long revision, List<String> cidrs, int part, int parts) {
        this(epoch, revision, cidrs, part, parts, null, null, null);
    }

    /** A part without names, as servers before protocol version 2 sent it. */
    public Snapshot(String epoch, long revision, List<String> cidrs, int part, int parts, ServerPolicy policy) {
        this(epoch, revision, cidrs, part, parts, policy, null, null);
    }

    /** A part that says nothing about what the server accepts, as servers before protocol version 3 sent it. */
    public Snapshot(String epoch, long revision, List<String> cidrs, int part, int parts, ServerPolicy policy,
                    List<String> names) {
        this(epoch, revision, cidrs, part, parts, policy, names, null);
    }

    /** Whether the server that sent this part takes {@code type} from gateways. */
    public boolean accepts(String type) {
        return accepts != null && accepts.contains(type);
    }

    /** The set as frames of at most {@code maxPerPart} CIDRs each, without a policy. */
    public static List<Snapshot> split(String epoch, long revision, List<String> cidrs, int maxPerPart) {
        return split(epoch, revision, cidrs, maxPerPart, null);
    }

    /** The set as frames of at most {@code maxPerPart} CIDRs each, without names. */
    public static List<Snapshot> split(String epoch, long revision, List<String> cidrs, int maxPerPart,
                                       ServerPolicy policy) {
        return split(epoch, revision, cidrs, maxPerPart, policy, null);
    }

    /**
     * The set as frames of at most {@code maxPerPart} CIDRs each; an empty set is one empty frame. The
     * policy goes on every part, the names all on the first (later parts carry an empty list, so that
     * every part says the server sends names): a gateway applies names only with the whole snapshot.
     */
    public static List<Snapshot> split(String epoch, long revision, List<String> cidrs, int maxPerPart,
                                       ServerPolicy policy, List<String> names) {
        return split(epoch, revision, cidrs, maxPerPart, policy, names, null);
    }

    /** As {@link #split(String, long, List, int, ServerPolicy, List)}, with what the server accepts on every part. */
    public static List<Snapshot> split(String epoch, long revision, List<String> cidrs, int maxPerPart,
                                       ServerPolicy policy, List<String> names, List<String> accepts) {
        if (maxPerPart < 1) {
            throw new IllegalArgumentException("maxPerPart must be at least 1, was " + maxPerPart);
        }
        int parts = Math.max(1, (cidrs.size() + maxPerPart - 1) / maxPerPart);
        List<Snapshot> snapshots = new ArrayList<>(parts);
        for (int part = 1; part <= parts; part++) {
            int from = (part - 1) * maxPerPart;
            List<String> slice = cidrs.subList(from, Math.min(cidrs.size(), from + maxPerPart));
            List<String> partNames = names == null ? null : part == 1 ? names : List.of();
            snapshots.add(new Snapshot(epoch, revision, slice, part, parts, policy, partNames, accepts));
        }
        return List.copyOf(snapshots);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
