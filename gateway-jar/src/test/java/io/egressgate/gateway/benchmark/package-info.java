/** The gateway's benchmark: snapshot and delta apply, new-connection rate, scrape time and memory at growing allowlists. */
package io.egressgate.gateway.benchmark;
