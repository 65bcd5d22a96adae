package io.egressgate.server.allowlist;

/** A point in the allowlist's history: the database's epoch and a revision within it. */
public record Version(String epoch, long revision) {
}
