/**
 * Entries: the domains, IPs and CIDRs operators put on the allowlist, with their locked flag, note,
 * author and time. Locked entries can never be deleted or unlocked. An IP or CIDR entry that the policy
 * configured now refuses is suspended at start, not deleted, and published again when it is accepted.
 */
package io.egressgate.server.entries;
