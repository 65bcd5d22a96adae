/**
 * The gateway process: its command line, the order in which it starts (enforce the saved allowlist,
 * then metrics and the reconcile loop, then the server), and {@code --uninstall}.
 */
package io.egressgate.gateway;
