/**
 * The box's "internet": HTTP hosts on documentation addresses that say who they are and who asked,
 * and an authoritative DNS zone whose records a test or the demo changes while the server resolves it.
 */
package io.egressgate.internet;
