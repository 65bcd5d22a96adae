package io.egressgate.addresses;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation, validated once at construction.
 *
 * <p>IPv4-mapped IPv6 input ({@code ::ffff:a.b.c.d} with a prefix of 96 or more) becomes the embedded
 * IPv4 network, so that {@code ::ffff:10.0.0.1} is judged as the private address it really is. Only
 * range arithmetic inside this package can produce raw mapped IPv6 networks such as
 * {@code ::ffff:0:0/96}.
 */
public final class Cidr implements Comparable<Cidr> {

    private static final BigInteger MAPPED_MARKER = BigInteger.valueOf(0xffff);

    private final BigInteger network;
    private final int prefixLength;
    private final boolean ipv6;

    private Cidr(BigInteger network, int prefixLength, boolean ipv6) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.ipv6 = ipv6;
    }

    /**
     * Parses "203.0.113.7" (a /32), "2001:db8::1" (a /128) or "198.51.100.0/24". Never looks anything up.
     *
     * @throws IllegalArgumentException with a message for a person, e.g. naming the network probably
     *         meant when host bits are set
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no IP address or CIDR given");
        }
        String input = text.strip();
        int slash = input.indexOf('/');
        IpLiteral literal = IpLiteral.parse(slash < 0 ? input : input.substring(0, slash), input);
        int bits = addressBits(literal.ipv6());
        int prefixLength = slash < 0 ? bits : parsePrefixLength(input.substring(slash + 1), bits, input);
        return normalised(literal.value(), prefixLength, literal.ipv6(), input);
    }

    /** The network {@code address/prefixLength}; host bits must be zero. Mapped IPv6 becomes IPv4. */
    public static Cidr of(InetAddress address, int prefixLength) {
        boolean ipv6 = isIpv6(address);
        int bits = addressBits(ipv6);
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not between 0 and " + bits);
        }
        String input = IpLiteral.format(valueOf(address), ipv6) + "/" + prefixLength;
        return normalised(valueOf(address), prefixLength, ipv6, input);
    }

    /** The single address as a /32 or /128. Mapped IPv6 becomes IPv4. */
    public static Cidr host(InetAddress address) {
        return of(address, addressBits(isIpv6(address)));
    }

    /** Exactly the given network, without mapped-address normalisation: for range arithmetic. */
    static Cidr exact(BigInteger network, int prefixLength, boolean ipv6) {
        if (network.and(hostMask(prefixLength, ipv6)).signum() != 0) {
            throw new IllegalArgumentException("host bits set in " + IpLiteral.format(network, ipv6) + "/" + prefixLength);
        }
        return new Cidr(network, prefixLength, ipv6);
    }

    private static Cidr normalised(BigInteger value, int prefixLength, boolean ipv6, String input) {
        if (ipv6 && prefixLength >= 96 && value.shiftRight(32).equals(MAPPED_MARKER)) {
            value = value.and(hostMask(0, false));
            prefixLength -= 96;
            ipv6 = false;
        }
        BigInteger hostBits = value.and(hostMask(prefixLength, ipv6));
        if (hostBits.signum() != 0) {
            Cidr probablyMeant = new Cidr(value.andNot(hostBits), prefixLength, ipv6);
            throw IpLiteral.invalid(input, "host bits are set after the /" + prefixLength
                    + " prefix; did you mean " + probablyMeant + "?");
        }
        return new Cidr(value, prefixLength, ipv6);
    }

    private static int parsePrefixLength(String text, int bits, String input) {
        boolean digits = !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (text.length() > 1 && text.charAt(0) == '0')) {
            throw IpLiteral.invalid(input, "the prefix length '" + text + "' is not a number from 0 to " + bits);
        }
        int prefixLength = Integer.parseInt(text);
        if (prefixLength > bits) {
            throw IpLiteral.invalid(input, "the prefix length " + prefixLength + " is larger than " + bits);
        }
        return prefixLength;
    }

    BigInteger network() {
        return network;
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** The network address; a raw mapped network stays an {@link Inet6Address}. */
    public InetAddress address() {
        byte[] bytes = toBytes(network, ipv6 ? 16 : 4);
        try {
            // Inet6Address.getByAddress keeps mapped addresses IPv6; InetAddress.getByAddress would not.
            return ipv6 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The network address as text, in the same canonical form as {@link #toString()} ("2001:db8::1",
     * not {@link InetAddress#getHostAddress()}'s "2001:db8:0:0:0:0:0:1"), without the prefix.
     */
    public String addressText() {
        return IpLiteral.format(network, ipv6);
    }

    public boolean isHost() {
        return prefixLength == addressBits(ipv6);
    }

    public boolean contains(Cidr other) {
        int hostBits = addressBits(ipv6) - prefixLength;
        return ipv6 == other.ipv6
                && other.prefixLength >= prefixLength
                && other.network.shiftRight(hostBits).equals(network.shiftRight(hostBits));
    }

    /** Whether the address lies in this network; a mapped IPv6 address counts as its embedded IPv4. */
    public boolean contains(InetAddress address) {
        return contains(host(address));
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    BigInteger firstValue() {
        return network;
    }

    BigInteger lastValue() {
        return network.or(hostMask(prefixLength, ipv6));
    }

    static int addressBits(boolean ipv6) {
        return ipv6 ? 128 : 32;
    }

    static BigInteger hostMask(int prefixLength, boolean ipv6) {
        return BigInteger.ONE.shiftLeft(addressBits(ipv6) - prefixLength).subtract(BigInteger.ONE);
    }

    private static boolean isIpv6(InetAddress address) {
        return Objects.requireNonNull(address, "address").getAddress().length == 16;
    }

    private static BigInteger valueOf(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] bytes = new byte[length];
        byte[] magnitude = value.toByteArray(); // may carry a leading sign byte
        int copied = Math.min(length, magnitude.length);
        System.arraycopy(magnitude, magnitude.length - copied, bytes, length - copied, copied);
        return bytes;
    }

    /** IPv4 before IPv6, then by address, then by prefix length. */
    @Override
    public int compareTo(Cidr other) {
        if (ipv6 != other.ipv6) {
            return ipv6 ? 1 : -1;
        }
        int byAddress = network.compareTo(other.network);
        return byAddress != 0 ? byAddress : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr
                && ipv6 == cidr.ipv6 && prefixLength == cidr.prefixLength && network.equals(cidr.network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, prefixLength, ipv6);
    }

    /** Canonical text, always with the prefix: "203.0.113.7/32", "2001:db8::/32". */
    @Override
    public String toString() {
        return IpLiteral.format(network, ipv6) + "/" + prefixLength;
    }
}
