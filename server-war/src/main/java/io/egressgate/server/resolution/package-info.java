/**
 * Domain resolution: keeps the addresses of every domain entry current. A one-second timer picks
 * the names whose answers are due (TTL-aware, with back-off for failing names), resolves them
 * concurrently with dnsjava, and records each batch of answers as one allowlist change — new
 * addresses at once, vanished ones after a grace period, nothing removed when DNS fails.
 */
package io.egressgate.server.resolution;
