package io.egressgate.names;

import com.google.common.net.InternetDomainName;
import java.util.Objects;

/**
 * A wildcard, {@code *.example.com}: every name below its base at any depth ({@code www.example.com},
 * {@code a.b.example.com}), never the base itself, which needs an entry of its own.
 *
 * <p>Only a leading {@code *.} label is a wildcard; a {@code *} anywhere else is refused rather than
 * read as a pattern, so that what an operator typed is exactly what gateways allow. A base that is a
 * public suffix ({@code com}, {@code co.uk}, {@code github.io}) is refused too: it would allow names
 * registered by anyone. Which names are public suffixes is the Public Suffix List as Guava ships it
 * (ICANN and private sections), kept current by upgrading Guava instead of by a list of our own.
 */
public record WildcardName(DomainName base) {

    public static final String PREFIX = "*.";
    /** A name below the base needs at least "x." more, and a name is at most 253 characters. */
    private static final int MAX_BASE_LENGTH = 251;

    public WildcardName {
        Objects.requireNonNull(base, "base");
        if (isPublicSuffix(base.ascii())) {
            throw onPublicSuffix(base.ascii());
        }
        if (base.ascii().length() > MAX_BASE_LENGTH) {
            throw invalid(PREFIX + base.ascii(), "no name below a base of " + base.ascii().length()
                    + " characters fits in 253 characters, so it would allow nothing");
        }
    }

    /**
     * Accepts {@code *.} followed by a domain name as {@link DomainName#parse} does (Unicode or ASCII,
     * any case, one trailing dot).
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static WildcardName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no wildcard given");
        }
        String input = text.strip();
        if (!input.startsWith(PREFIX)) {
            throw invalid(input, "a wildcard is '*.' followed by a domain name, such as *.example.com");
        }
        String rest = input.substring(PREFIX.length());
        if (rest.indexOf('*') >= 0) {
            throw invalid(input, "only a leading '*.' label may be a wildcard; a '*' further in"
                    + " (a.*.example.com, *.*.example.com) is not accepted");
        }
        DomainName base;
        try {
            base = DomainName.parse(rest);
        } catch (IllegalArgumentException notADomainName) {
            // "*.com": com alone is no domain name, but the operator should hear why it really cannot be
            String ascii = asciiFormOrEmpty(rest);
            if (isPublicSuffix(ascii)) {
                throw onPublicSuffix(ascii);
            }
            throw invalid(input, notADomainName.getMessage());
        }
        return new WildcardName(base);
    }

    /** Whether a text is meant as a wildcard: any {@code *} makes it one, to be parsed and maybe refused. */
    public static boolean looksLikeWildcard(String text) {
        return text != null && text.indexOf('*') >= 0;
    }

    /** True for any name below the base, at any depth; false for the base itself and for anything else. */
    public boolean matches(DomainName name) {
        return name.ascii().endsWith("." + base.ascii());
    }

    /** {@link #matches(DomainName)} for a name as text, in any spelling DomainName accepts; false for text that is no name. */
    public boolean matches(String name) {
        try {
            return matches(DomainName.parse(name));
        } catch (IllegalArgumentException notAName) {
            return false;
        }
    }

    /** The canonical spelling, {@code *.} and the base as lower-case punycode. */
    public String ascii() {
        return PREFIX + base.ascii();
    }

    /** The wildcard with punycode labels decoded, for display. */
    public String unicode() {
        return PREFIX + base.unicode();
    }

    @Override
    public String toString() {
        return ascii();
    }

    /** A name Guava cannot read as a host name is not on the list either. */
    private static boolean isPublicSuffix(String ascii) {
        return InternetDomainName.isValid(ascii) && InternetDomainName.from(ascii).isPublicSuffix();
    }

    private static String asciiFormOrEmpty(String rest) {
        if (rest.isBlank()) {
            return "";
        }
        try {
            return DomainName.asciiForm(rest.strip());
        } catch (IllegalArgumentException notConvertible) {
            return "";
        }
    }

    private static IllegalArgumentException onPublicSuffix(String suffix) {
        return new IllegalArgumentException(PREFIX + suffix + " would allow every name under the public suffix "
                + suffix + "; list the domains instead");
    }

    private static IllegalArgumentException invalid(String input, String problem) {
        return new IllegalArgumentException("'" + input + "' is not a valid wildcard: " + problem);
    }
}
