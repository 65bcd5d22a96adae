/**
 * Denied new connections, from the kernel to the server. The filter chain hands new connections it
 * drops (or, in report mode, would drop) to NFLOG, rate-limited in the kernel and counted before the
 * limit ({@link io.egressgate.gateway.dataplane.DenialLog}); ulogd2 reads the NFLOG group and writes
 * one JSON object a packet to the gateway ({@link io.egressgate.gateway.denials.UlogdReader}); the
 * attempts are aggregated per source, destination, protocol, port and minute in a bounded table,
 * spooled to the state directory in frames and sent to a server that takes {@code denied}.
 *
 * <p>Why ulogd2: NFLOG is a netlink protocol, which Java cannot speak without native code. ulogd2 is the
 * netfilter project's own, maintained NFLOG reader, packaged by every distribution (Debian: ulogd2 and
 * ulogd2-json); its JSON output is line-oriented and parses with the JSON library the gateway already
 * has. {@code tcpdump -i nflog:N} would need a pcap parser of our own for the NFLOG TLVs, and its
 * text output is not meant to be parsed. The reader is a child process: if it dies or is missing, the
 * firewall is unaffected (the rules never depend on it), the reader gauge says so, and what it missed
 * is counted as dropped, since the kernel's own counters say how many attempts there were.
 */
package io.egressgate.gateway.denials;
