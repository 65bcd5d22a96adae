/**
 * The effective set — every address that some entry currently puts on the allowlist — and its
 * append-only change log. Every change of the set is one revision, written in the same
 * transaction as the change itself; gateways are brought up to date from this log.
 */
package io.egressgate.server.allowlist;
