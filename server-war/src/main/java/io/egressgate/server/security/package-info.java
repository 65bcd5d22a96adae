/**
 * Bearer tokens for the API and for gateways: stored only as SHA-256 hashes, each with a role,
 * revocable; the first admin token comes from EGRESS_GATE_ADMIN_TOKEN, admin_token, or is made
 * and printed once on the first start of an empty database.
 */
package io.egressgate.server.security;
