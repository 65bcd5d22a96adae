/**
 * Test stand-ins for the world around the gateway: a WebSocket peer speaking the server's side of the
 * protocol, a TCP relay that can fall silent, and network namespaces with real iptables and ipset.
 */
package io.egressgate.gateway.testbed;
