/**
 * Entries: the domains, IPs and CIDRs operators put on the allowlist, with their locked flag, note,
 * author and time. Locked entries can never be deleted or unlocked.
 */
package io.egressgate.server.entries;
