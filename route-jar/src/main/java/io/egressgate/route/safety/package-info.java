/**
 * Checks that must pass before routes are installed: the gateway has to be on a network this host
 * is directly connected to, or the public routes would cut the host off.
 */
package io.egressgate.route.safety;
