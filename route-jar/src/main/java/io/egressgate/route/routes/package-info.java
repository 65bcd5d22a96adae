/**
 * Routes as values: the routes egress-gate wants (every public range via the gateway), the routes
 * the kernel holds, the difference between the two, and the {@code ip -batch} text that closes it.
 */
package io.egressgate.route.routes;
