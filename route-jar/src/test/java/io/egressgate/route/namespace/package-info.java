/**
 * Test network namespaces (names {@code egr-*}, addresses 10.62.x.x and 2001:db8:62::/48) in which
 * the real route manager changes a real routing table. Nothing leaves a namespace: {@code ip route
 * get} only looks a route up.
 */
package io.egressgate.route.namespace;
