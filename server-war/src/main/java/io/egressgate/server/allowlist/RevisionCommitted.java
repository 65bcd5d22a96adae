package io.egressgate.server.allowlist;

/** CDI event fired once the transaction that wrote {@code revision} has committed. */
public record RevisionCommitted(long revision) {
}
