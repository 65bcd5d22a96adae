package io.egressgate.server.entries;

/**
 * Which entries a list shows; null fields do not filter. {@code text} matches the value or the
 * note, case-insensitively; a domain typed in Unicode also matches its punycode form.
 */
public record EntryFilter(String text, EntryKind kind, Boolean locked, boolean failingOnly) {

    public static EntryFilter none() {
        return new EntryFilter(null, null, null, false);
    }
}
