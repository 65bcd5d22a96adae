/**
 * Who may do what. Bearer tokens for the API and for gateways: stored only as SHA-256 hashes, each
 * with a role, revocable; the first admin token comes from EGRESS_GATE_ADMIN_TOKEN, admin_token, or
 * is made and printed once on the first start of an empty database. Console users (admin or
 * viewer) sign in with a password kept as a PBKDF2 hash, through a Jakarta Security mechanism that
 * covers /console and the sign-in page only; the first one, "admin", comes from the same bootstrap.
 */
package io.egressgate.server.security;
