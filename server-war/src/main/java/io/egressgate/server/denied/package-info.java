/**
 * Blocked traffic: the new connections gateways denied (or would have denied in report mode), as
 * they report them in {@code denied} frames, screened, stored aggregated per minute, pruned after
 * {@code denied_retention}, and read by {@code GET /api/v1/denied} and the console's Blocked page.
 */
package io.egressgate.server.denied;
