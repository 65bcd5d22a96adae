package io.egressgate.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.server.entries.EntryValue;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every reason the shared rules give for refusing a value is said again in Chinese: the real
 * messages of the real rules, so that a reworded English sentence fails here instead of showing
 * through untranslated.
 */
class RefusalsTest {

    private static final ResourceBundle.Control ONLY =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final AllowlistPolicy POLICY = new AllowlistPolicy(InternalRanges.defaults(), 8, 32);
    private static final ResourceBundle ZH = ResourceBundle.getBundle(Texts.BUNDLE, Locale.CHINESE, ONLY);
    private static final ResourceBundle EN = ResourceBundle.getBundle(Texts.BUNDLE, Locale.ROOT, ONLY);
    /** Three English words in a row: what an untranslated sentence leaves behind. */
    private static final Pattern ENGLISH = Pattern.compile("[a-z]{2,} [a-z]{2,} [a-z]{2,}");

    private static final List<String> REFUSED = List.of("", "10.0.0.1", "0.0.0.0/0", "1.2.3.4/4", "2001:db8::/16",
            "fe80::1", "1.2.3", "01.2.3.4", "256.1.1.1", "2001:db8::1::2", "2001:db8:1:2:3:4:5", "1:2:3:4:5:6:7:8:9",
            "2001:db8::1.2.3.4:1", "2001:db8::12345", "203.0.113.7/24", "203.0.113.0/x", "203.0.113.0/33",
            "fe80::1%eth0", "*.com", "*.co.uk", "a..example.com", "-a.example.com", "localhost", "a.*.example.com",
            "example.123", "*example.com", "_.example.com", "a_b.example.com", "x".repeat(64) + ".example.com",
            ("a".repeat(63) + ".").repeat(4) + "com", "*." + ("a".repeat(49) + ".").repeat(5) + "com",
            "x".repeat(2000), "fe80::1 ");

    @Test
    void everyRefusalOfTheRulesIsSaidInChinese() {
        for (String value : REFUSED) {
            String reason = reason(value);
            String chinese = Refusals.said(reason, (key, parts) -> format(ZH, key, parts));
            assertThat(chinese).as("'%s' refused with: %s", value, reason).isNotEqualTo(reason);
            // the ranges' purposes in brackets are the RFCs' names, quoted as they are
            assertThat(ENGLISH.matcher(chinese.replace(value, "").replaceAll("（[^）]*）", "")).find())
                    .as("English left in the translation of '%s': %s", reason, chinese).isFalse();
        }
    }

    @Test
    void theEnglishBundleSaysTheSameAsTheRules() {
        for (String value : REFUSED) {
            String reason = reason(value);
            if (reason.startsWith("value is required") || reason.startsWith("no ")) {
                continue; // said more plainly in the console
            }
            assertThat(Refusals.said(reason, (key, parts) -> format(EN, key, parts))).isEqualTo(reason);
        }
    }

    @Test
    void anUnknownReasonIsShownAsItIs() {
        assertThat(Refusals.said("the database is on fire", (key, parts) -> format(ZH, key, parts)))
                .isEqualTo("the database is on fire");
    }

    @Test
    void bothBundlesHaveTheSameKeys() {
        assertThat(ZH.keySet()).containsExactlyInAnyOrderElementsOf(EN.keySet());
    }

    private static String reason(String value) {
        try {
            EntryValue.parse(value, POLICY);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("'" + value + "' was accepted");
    }

    private static String format(ResourceBundle bundle, String key, Object[] parts) {
        String pattern = bundle.getString(key);
        return parts.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(parts);
    }
}
