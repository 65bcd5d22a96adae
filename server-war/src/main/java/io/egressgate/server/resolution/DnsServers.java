package io.egressgate.server.resolution;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The {@code dns_servers} setting: a comma-separated list of {@code host}, {@code host:port} or {@code [v6]:port}. */
final class DnsServers {

    static final int DNS_PORT = 53;

    private DnsServers() {
    }

    static List<InetSocketAddress> parse(String list) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String item : list.split(",")) {
            String text = item.strip();
            if (!text.isEmpty()) {
                servers.add(parseOne(text));
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("dns_servers is empty; leave it out to use /etc/resolv.conf");
        }
        return List.copyOf(servers);
    }

    private static InetSocketAddress parseOne(String text) {
        String host = text;
        int port = DNS_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(text, "missing ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text, "expected ':port' after ']'");
                }
                port = port(text, rest.substring(1));
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text, text.substring(text.indexOf(':') + 1));
        }
        if (host.isEmpty()) {
            throw bad(text, "no host");
        }
        try {
            // A host name is looked up once, here, with the system's resolver.
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw bad(text, "unknown host");
        }
    }

    private static int port(String text, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(text, "the port must be a number between 1 and 65535");
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("dns_servers entry '" + text + "' is not host, host:port or [ipv6]:port: " + why);
    }
}
