package io.egressgate.server.it;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Addresses no other test has used, from IPv6's documentation range 2001:db8::/32 (public to the
 * server's policy, routed nowhere). The shared test server keeps every entry a test leaves behind,
 * and a random pick from one of IPv4's small documentation ranges met one of them often enough to
 * make a test wait for a delta that an unchanged allowlist never sends. With 32 random bits a repeat
 * within one run is about one in ten million.
 */
final class DocumentationAddresses {

    private DocumentationAddresses() {
    }

    /** A /64 in canonical text, such as {@code 2001:db8:4c1f:9a02::/64}. */
    static String network() {
        return prefix() + "::/64";
    }

    /** One address, without a prefix length, such as {@code 2001:db8:4c1f:9a02::1}. */
    static String host() {
        return prefix() + "::1";
    }

    /** Both groups from 0x1000 up, so the canonical text never compresses them and matches what the server says. */
    private static String prefix() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "2001:db8:" + Integer.toHexString(random.nextInt(0x1000, 0x10000)) + ":"
                + Integer.toHexString(random.nextInt(0x1000, 0x10000));
    }
}
