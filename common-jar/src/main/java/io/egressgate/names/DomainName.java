package io.egressgate.names;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * A fully qualified domain name in its ASCII form: lower-case punycode, no trailing dot.
 *
 * <p>Labels are letters, digits and hyphens (not at either end); an underscore may open a label
 * ({@code _acme-challenge}) because service names use it. The top-level label is never all digits,
 * so an IP literal can never pass as a domain name.
 */
public record DomainName(String ascii) {

    private static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    public DomainName {
        Objects.requireNonNull(ascii, "ascii");
        if (!ascii.equals(ascii.toLowerCase(Locale.ROOT))) {
            throw invalid(ascii, "the ASCII form must be lower case; DomainName.parse folds case");
        }
        String problem = problemWith(ascii);
        if (problem != null) {
            throw invalid(ascii, problem);
        }
    }

    /**
     * Accepts Unicode or ASCII, any case, with or without one trailing dot.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static DomainName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no domain name given");
        }
        String input = text.strip();
        String ascii = asciiForm(input);
        String problem = problemWith(ascii);
        if (problem != null) {
            throw invalid(input, problem);
        }
        return new DomainName(ascii);
    }

    /**
     * The lower-case punycode spelling of a stripped input, without its trailing dot, not yet
     * checked: {@link WildcardName} looks a refused base up on the Public Suffix List with it.
     */
    static String asciiForm(String input) {
        String withoutRoot = input.endsWith(".") ? input.substring(0, input.length() - 1) : input;
        return toAscii(withoutRoot, input).toLowerCase(Locale.ROOT);
    }

    /** Punycode for non-ASCII labels; pure ASCII is left to the checks below, whose messages are clearer. */
    private static String toAscii(String name, String input) {
        if (name.chars().allMatch(c -> c < 0x80)) {
            return name;
        }
        try {
            return IDN.toASCII(name);
        } catch (IllegalArgumentException e) {
            throw invalid(input, "it cannot be converted to an ASCII (punycode) name: " + e.getMessage());
        }
    }

    /** The name with punycode labels decoded, for display. */
    public String unicode() {
        return IDN.toUnicode(ascii);
    }

    @Override
    public String toString() {
        return ascii;
    }

    /** What is wrong with an ASCII name, or null. */
    private static String problemWith(String ascii) {
        if (ascii.isEmpty()) {
            return "it is empty";
        }
        if (ascii.length() > MAX_LENGTH) {
            return "it is " + ascii.length() + " characters long, more than " + MAX_LENGTH;
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            String problem = problemWithLabel(label);
            if (problem != null) {
                return problem;
            }
        }
        if (labels.length < 2) {
            return "it has a single label; a fully qualified name such as example.com is needed";
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "the last label '" + labels[labels.length - 1] + "' is all digits (an IP address is not a domain name)";
        }
        return null;
    }

    private static String problemWithLabel(String label) {
        if (label.isEmpty()) {
            return "it has an empty label (two dots in a row, or a leading dot)";
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return "the label '" + label + "' is " + label.length() + " characters long, more than " + MAX_LABEL_LENGTH;
        }
        String hostname = label.startsWith("_") ? label.substring(1) : label;
        if (hostname.isEmpty()) {
            return "the label '_' has nothing after the underscore";
        }
        if (!hostname.chars().allMatch(DomainName::isLetterDigitOrHyphen)) {
            return "the label '" + label + "' may contain only letters, digits and hyphens"
                    + " (and an underscore as its first character)";
        }
        if (hostname.startsWith("-") || hostname.endsWith("-")) {
            return "the label '" + label + "' starts or ends with a hyphen";
        }
        return null;
    }

    private static boolean isLetterDigitOrHyphen(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    private static IllegalArgumentException invalid(String input, String problem) {
        return new IllegalArgumentException("'" + input + "' is not a valid domain name: " + problem);
    }
}
