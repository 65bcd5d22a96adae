/**
 * The allowlist as this gateway applied it: which published entries it accepted or skipped (a second
 * line of defence behind the server), at which {@code (epoch, revision)}, and the state file that keeps
 * it across restarts so the gateway fails static.
 */
package io.egressgate.gateway.allowlist;
