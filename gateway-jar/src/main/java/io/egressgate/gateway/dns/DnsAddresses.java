package io.egressgate.gateway.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ADDR:PORT} as the DNS flags take it ({@code [v6]:PORT} for IPv6), and the system's nameservers. */
public final class DnsAddresses {

    private DnsAddresses() {
    }

    /** Where to listen: as {@link #parse}, and {@code :PORT} for every address of the host. */
    public static InetSocketAddress parseListen(String text) {
        String value = text.strip();
        if (value.startsWith(":") && value.indexOf(':', 1) < 0) {
            return new InetSocketAddress(port(value.substring(1), text));
        }
        return parse(value, 53);
    }

    /** An IP literal and a port; names are refused, since resolving them would need the DNS being set up. */
    public static InetSocketAddress parse(String text, int defaultPort) {
        String value = text.strip();
        String host = value;
        int port = defaultPort;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' opens [ but does not close it");
            }
            host = value.substring(1, close);
            if (close + 1 < value.length()) {
                if (value.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + text + "': expected :PORT after ]");
                }
                port = port(value.substring(close + 2), text);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = port(value.substring(value.indexOf(':') + 1), text);
        }
        if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("'" + text + "' is not IP:PORT ([IPv6]:PORT for IPv6)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address: " + e.getMessage(), e);
        }
    }

    /** The {@code nameserver} lines of a resolv.conf, port 53. */
    public static List<InetSocketAddress> fromResolvConf(Path file) {
        List<InetSocketAddress> servers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    servers.add(parse(words[1].contains(":") ? "[" + words[1] + "]" : words[1], 53));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + "; give -dns-upstream", e);
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(file + " names no nameserver; give -dns-upstream");
        }
        return servers;
    }

    private static int port(String text, String whole) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "': the port must be 0 to 65535", e);
        }
    }
}
