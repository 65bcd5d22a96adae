package io.egressgate.server.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a value was refused, in the page's language. The reasons come from the shared rules
 * (common-jar's addresses and names, the entry rules), which speak English to every interface (the
 * API's problem details, logs); the console recognises each sentence and says it again from its
 * bundle ({@code refusal.*}). A sentence it does not know is shown as it is.
 */
@ApplicationScoped
public class Refusals {

    /** One known sentence: its shape, its bundle key, and which of its parts is itself a reason. */
    private record Sentence(Pattern shape, String key, int nestedReason) {
        Sentence(String regex, String key) {
            this(regex, key, 0);
        }

        Sentence(String regex, String key, int nestedReason) {
            this(Pattern.compile(regex, Pattern.DOTALL), key, nestedReason);
        }
    }

    private static final List<Sentence> SENTENCES = List.of(
            new Sentence("'(.*)' is not a valid IP address or CIDR: (.*)", "refusal.address", 2),
            new Sentence("'(.*)' is not a valid domain name: (.*)", "refusal.domain", 2),
            new Sentence("'(.*)' is not a valid wildcard: (.*)", "refusal.wildcard", 2),
            new Sentence("\\*\\.(\\S+) would allow every name under the public suffix (\\S+); list the domains instead",
                    "refusal.publicSuffix"),
            new Sentence("(\\S+) is too broad: the widest (IPv4|IPv6) range that may be allowed is a /(\\d+);"
                    + " list narrower ranges instead", "refusal.tooBroad"),
            new Sentence("(\\S+) lies inside the internal range (\\S+) \\((.*)\\), which is never allowed",
                    "refusal.insideInternal"),
            new Sentence("(\\S+) overlaps the internal range (\\S+) \\((.*)\\), which is never allowed",
                    "refusal.overlapsInternal"),
            new Sentence("value is required: .*", "refusal.required"),
            new Sentence("value is longer than (\\d+) characters", "refusal.valueTooLong"),
            new Sentence("no (?:IP address or CIDR|domain name|wildcard) given", "refusal.required"),
            new Sentence("note is longer than (\\d+) characters", "refusal.noteTooLong"),
            new Sentence("note must not contain control characters.*", "refusal.noteControl"),
            // what an address is not
            new Sentence("the address is empty", "refusal.address.empty"),
            new Sentence("zone ids such as '%eth0' are not allowed", "refusal.address.zone"),
            new Sentence("not an IP address \\(host names are not accepted here\\)", "refusal.address.hostname"),
            new Sentence("an IPv4 address has exactly four dot-separated numbers", "refusal.address.fourNumbers"),
            new Sentence("'(.*)' is not a number from 0 to 255", "refusal.address.octet"),
            new Sentence("'(.*)' has a leading zero, which some tools read as octal", "refusal.address.leadingZero"),
            new Sentence("'::' may appear only once in an IPv6 address", "refusal.address.doubleElision"),
            new Sentence("an IPv6 address without '::' has exactly eight groups", "refusal.address.eightGroups"),
            new Sentence("an IPv6 address with '::' has at most seven groups", "refusal.address.sevenGroups"),
            new Sentence("an embedded IPv4 address may only stand at the end", "refusal.address.embedded"),
            new Sentence("'(.*)' is not an IPv6 group of one to four hex digits", "refusal.address.group"),
            new Sentence("host bits are set after the /(\\d+) prefix; did you mean (\\S+)\\?", "refusal.address.hostBits"),
            new Sentence("the prefix length '(.*)' is not a number from 0 to (\\d+)", "refusal.address.prefix"),
            new Sentence("the prefix length (\\d+) is larger than (\\d+)", "refusal.address.prefixTooLong"),
            // what a domain name is not
            new Sentence("it is empty", "refusal.domain.empty"),
            new Sentence("it is (\\d+) characters long, more than (\\d+)", "refusal.domain.tooLong"),
            new Sentence("it has a single label; a fully qualified name such as example.com is needed",
                    "refusal.domain.singleLabel"),
            new Sentence("the last label '(.*)' is all digits \\(an IP address is not a domain name\\)",
                    "refusal.domain.digits"),
            new Sentence("it has an empty label \\(two dots in a row, or a leading dot\\)", "refusal.domain.emptyLabel"),
            new Sentence("the label '(.*)' is (\\d+) characters long, more than (\\d+)", "refusal.domain.longLabel"),
            new Sentence("the label '_' has nothing after the underscore", "refusal.domain.underscore"),
            new Sentence("the label '(.*)' may contain only letters, digits and hyphens.*", "refusal.domain.characters"),
            new Sentence("the label '(.*)' starts or ends with a hyphen", "refusal.domain.hyphen"),
            new Sentence("it cannot be converted to an ASCII \\(punycode\\) name: (.*)", "refusal.domain.punycode"),
            // what a wildcard is not
            new Sentence("a wildcard is '\\*\\.' followed by a domain name, such as \\*\\.example\\.com",
                    "refusal.wildcard.shape"),
            new Sentence("only a leading '\\*\\.' label may be a wildcard.*", "refusal.wildcard.inner"),
            new Sentence("no name below a base of (\\d+) characters fits in 253 characters, so it would allow nothing",
                    "refusal.wildcard.tooLong"));

    @Inject
    Texts texts;

    /** The reason in the current page's language; English as given. */
    public String inLanguage(String reason) {
        if (reason == null || Locale.ENGLISH.getLanguage().equals(language())) {
            return reason;
        }
        return said(reason, texts::text);
    }

    /** What a bundle's words make of a reason: {@code words} takes a key and its parts. */
    static String said(String reason, BiFunction<String, Object[], String> words) {
        return said(reason, words, 0);
    }

    private static String said(String reason, BiFunction<String, Object[], String> words, int depth) {
        for (Sentence sentence : SENTENCES) {
            Matcher m = sentence.shape().matcher(reason);
            if (m.matches()) {
                Object[] parts = new Object[m.groupCount()];
                for (int i = 0; i < parts.length; i++) {
                    String part = m.group(i + 1);
                    parts[i] = i + 1 == sentence.nestedReason() && depth < 3 ? said(part, words, depth + 1) : part;
                }
                return words.apply(sentence.key(), parts);
            }
        }
        return reason;
    }

    private static String language() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces != null && faces.getViewRoot() != null ? faces.getViewRoot().getLocale().getLanguage() : "en";
    }
}
