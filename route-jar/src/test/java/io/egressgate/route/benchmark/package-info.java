/**
 * The route manager's benchmark: time to install, check, repair, re-point and remove the full set of
 * public routes in a namespace, one {@code ip -batch} per change.
 */
package io.egressgate.route.benchmark;
