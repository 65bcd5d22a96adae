package io.egressgate.route.cli;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.routes.Gateway;
import io.egressgate.route.routes.RouteProtocol;
import io.egressgate.route.routes.RouteTable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns flag values into value objects; each failure is one sentence picocli prints after the flag name. */
final class Converters {

    private Converters() {
    }

    static final class Ipv4Gateway implements ITypeConverter<Gateway> {
        @Override
        public Gateway convert(String text) {
            return gateway(text, false);
        }
    }

    static final class Ipv6Gateway implements ITypeConverter<Gateway> {
        @Override
        public Gateway convert(String text) {
            return gateway(text, true);
        }
    }

    /** "203.0.113.1", "2001:db8::1" or, for an IPv6 link-local gateway, "fe80::1%eth0". */
    static Gateway gateway(String text, boolean ipv6) {
        String address = text.strip();
        String device = null;
        int percent = address.indexOf('%');
        if (percent >= 0) {
            device = address.substring(percent + 1);
            address = address.substring(0, percent);
            if (!ipv6 || device.isEmpty()) {
                throw new TypeConversionException("'" + text + "': only an IPv6 gateway takes a %device suffix");
            }
        }
        Cidr cidr = cidr(address);
        if (!cidr.isHost() || address.contains("/")) {
            throw new TypeConversionException("'" + text + "': give the gateway's address, without a prefix");
        }
        if (cidr.isIpv6() != ipv6) {
            throw new TypeConversionException("'" + text + "' is not an " + (ipv6 ? "IPv6" : "IPv4") + " address");
        }
        InetAddress inet = cidr.address();
        if (inet.isAnyLocalAddress() || inet.isLoopbackAddress() || inet.isMulticastAddress()
                || "255.255.255.255".equals(inet.getHostAddress())) {
            throw new TypeConversionException("'" + text + "' cannot be a gateway (unspecified, loopback,"
                    + " multicast or broadcast address)");
        }
        if (inet.isLinkLocalAddress() && ipv6 && device == null) {
            throw new TypeConversionException("'" + text + "' is link-local; name its device too, e.g. "
                    + address + "%eth0");
        }
        return new Gateway(inet, device);
    }

    static final class Network implements ITypeConverter<Cidr> {
        @Override
        public Cidr convert(String text) {
            return cidr(text);
        }
    }

    static final class Table implements ITypeConverter<RouteTable> {
        @Override
        public RouteTable convert(String text) {
            try {
                return RouteTable.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Protocol implements ITypeConverter<RouteProtocol> {
        @Override
        public RouteProtocol convert(String text) {
            try {
                return new RouteProtocol(Integer.parseInt(text.strip()));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number between 5 and 255");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Go-style durations as the seed's tool took them ("30s", "1m30s", "500ms"); a bare number is seconds. */
    static final class Interval implements ITypeConverter<Duration> {
        private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
        private static final Duration SHORTEST = Duration.ofMillis(50);

        @Override
        public Duration convert(String text) {
            String value = text.strip();
            Duration duration;
            try {
                duration = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : parts(value, text);
            } catch (ArithmeticException | NumberFormatException tooLong) {
                throw new TypeConversionException("'" + text + "' is too long an interval");
            }
            if (duration.compareTo(SHORTEST) < 0) {
                throw new TypeConversionException("'" + text + "' is shorter than " + SHORTEST.toMillis() + "ms");
            }
            return duration;
        }

        private static Duration parts(String value, String text) {
            Matcher part = PART.matcher(value);
            Duration total = Duration.ZERO;
            int end = 0;
            while (part.find() && part.start() == end) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
                end = part.end();
            }
            if (end == 0 || end != value.length()) {
                throw new TypeConversionException("'" + text + "' is not a duration like 30s, 500ms, 2m or 1m30s");
            }
            return total;
        }
    }

    private static Cidr cidr(String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
