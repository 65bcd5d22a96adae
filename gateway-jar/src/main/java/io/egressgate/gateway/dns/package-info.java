/**
 * The gateway's DNS forwarder: clients resolve through the gateway, which puts every address an
 * allowed name answered into the kernel before the answer is released (hold until programmed), so
 * the client's first connection already passes.
 */
package io.egressgate.gateway.dns;
