package io.egressgate.server.entries;

import java.util.Map;

/**
 * New entries were stored. Observed after the commit only ({@code TransactionPhase.AFTER_SUCCESS}):
 * the resolver then resolves the new domains at once, and never acts on entries a rollback took back.
 *
 * @param domains the new domain entries: id to the name as stored (lower-case punycode)
 */
public record EntriesAdded(Map<Long, String> domains) {
}
