package io.egressgate.server.launcher.migration;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an import of outputGuard's rows will do: the entries to add (a domain once, however many
 * addresses outputGuard resolved it to) and the rows left out, each with its reason. Deciding
 * whether a value is acceptable is left to the server; only what outputGuard itself marked private
 * is left out here.
 */
public record ImportPlan(int rowsRead, List<Entry> entries, List<Skip> skipped) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * An entry to add: a name (a domain, or a wildcard such as {@code *.example.com} that outputGuard
     * kept as a domain row), or an address or CIDR.
     */
    public record Entry(String value, boolean domain, boolean locked, String note, List<String> resolvedAddresses) {

        /** A name row written as a wildcard; whether the server accepts it is the server's to say. */
        public boolean wildcard() {
            return domain && value.startsWith("*");
        }
    }

    /** A row not imported, and why. */
    public record Skip(String value, String reason) {
    }

    /**
     * @param keepResolvedAddresses also add, as unlocked address entries, the public addresses
     *                              outputGuard had resolved each domain to
     */
    public static ImportPlan of(List<OutputGuardRow> rows, boolean keepResolvedAddresses) {
        Map<String, Draft> drafts = new LinkedHashMap<>();
        List<Skip> skipped = new ArrayList<>();
        for (OutputGuardRow row : rows) {
            if (row.isDomain()) {
                planDomainRow(row, drafts, skipped);
            } else if (row.isAddress()) {
                planAddressRow(row, drafts, skipped);
            } else {
                skipped.add(new Skip(text(row.name(), row.ip()), "unknown type '" + row.types() + "'"));
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        drafts.forEach((key, draft) -> entries.put(key, draft.entry()));
        if (keepResolvedAddresses) {
            for (Draft draft : drafts.values()) {
                for (String address : draft.resolvedAddresses) {
                    entries.putIfAbsent(key(address), new Entry(address, false, false,
                            "outputGuard import: resolved from " + draft.value, List.of()));
                }
            }
        }
        return new ImportPlan(rows.size(), List.copyOf(entries.values()), List.copyOf(skipped));
    }

    private static void planDomainRow(OutputGuardRow row, Map<String, Draft> drafts, List<Skip> skipped) {
        String domain = text(row.name(), null);
        if (domain == null) {
            skipped.add(new Skip(text(row.ip(), "(empty)"), "domain row without a domain name"));
            return;
        }
        Draft draft = drafts.computeIfAbsent(key(domain), k -> new Draft(domain, true));
        draft.seen(row.createdAt());
        String address = text(row.ip(), null);
        if (row.localNet()) {
            // outputGuard forced is_no_del on private addresses; that says nothing about the domain
            skipped.add(new Skip(address == null ? domain : address, "private address (is_local_net) of " + domain));
            return;
        }
        draft.locked |= row.noDelete();
        if (address != null && !draft.resolvedAddresses.contains(address)) {
            draft.resolvedAddresses.add(address);
        }
    }

    private static void planAddressRow(OutputGuardRow row, Map<String, Draft> drafts, List<Skip> skipped) {
        String address = text(row.ip(), row.name());
        if (address == null) {
            skipped.add(new Skip("(empty)", "IP row without an address"));
            return;
        }
        if (row.localNet()) {
            skipped.add(new Skip(address, "private address (is_local_net)"));
            return;
        }
        Draft draft = drafts.computeIfAbsent(key(address), k -> new Draft(address, false));
        draft.seen(row.createdAt());
        draft.locked |= row.noDelete();
    }

    private static String key(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static String text(String value, String fallback) {
        if (value != null && !value.isBlank()) {
            return value.strip();
        }
        return fallback == null || fallback.isBlank() ? null : fallback.strip();
    }

    /** Domains, not counting wildcards. */
    public long domains() {
        return entries.stream().filter(e -> e.domain() && !e.wildcard()).count();
    }

    public long wildcards() {
        return entries.stream().filter(Entry::wildcard).count();
    }

    public long locked() {
        return entries.stream().filter(Entry::locked).count();
    }

    /** Addresses outputGuard had resolved its domains to; the server resolves the names again itself. */
    public long resolvedAddresses() {
        return entries.stream().mapToLong(e -> e.resolvedAddresses().size()).sum();
    }

    private static final class Draft {
        final String value;
        final boolean domain;
        final List<String> resolvedAddresses = new ArrayList<>();
        boolean locked;
        LocalDateTime firstSeen;

        Draft(String value, boolean domain) {
            this.value = value;
            this.domain = domain;
        }

        void seen(LocalDateTime when) {
            if (when != null && (firstSeen == null || when.isBefore(firstSeen))) {
                firstSeen = when;
            }
        }

        Entry entry() {
            String note = "outputGuard import" + (firstSeen == null ? "" : ": added " + WHEN.format(firstSeen));
            return new Entry(value, domain, locked, note, List.copyOf(resolvedAddresses));
        }
    }
}
