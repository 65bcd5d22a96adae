package io.egressgate.gateway.dns;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The names the allowlist allows: exact domains, and wildcards {@code *.example.com} that allow
 * every name below {@code example.com} at any depth but not {@code example.com} itself. Names are
 * compared in their lower-case ASCII form without the trailing dot.
 */
public record AllowedNames(Set<String> exact, Set<String> wildcardBases) {

    public AllowedNames {
        exact = Set.copyOf(exact);
        wildcardBases = Set.copyOf(wildcardBases);
    }

    public static AllowedNames none() {
        return new AllowedNames(Set.of(), Set.of());
    }

    /** From the allowlist's names as the server publishes them: {@code example.com} or {@code *.example.com}. */
    public static AllowedNames of(List<String> names) {
        Set<String> exact = new HashSet<>();
        Set<String> bases = new HashSet<>();
        for (String name : names) {
            String ascii = normal(name);
            if (ascii.startsWith("*.")) {
                bases.add(ascii.substring(2));
            } else if (!ascii.isEmpty()) {
                exact.add(ascii);
            }
        }
        return new AllowedNames(exact, bases);
    }

    /**
     * Follows a list of names that is replaced, never changed in place (the applied allowlist's): it is
     * read again only when another list is there, so a query costs no rebuild.
     */
    public static Supplier<AllowedNames> following(Supplier<? extends Collection<String>> source) {
        AtomicReference<Built> last = new AtomicReference<>();
        return () -> {
            Collection<String> names = source.get();
            Built seen = last.get();
            if (seen != null && seen.from() == names) {
                return seen.names();
            }
            Built built = new Built(names, of(List.copyOf(names)));
            last.set(built);
            return built.names();
        };
    }

    private record Built(Collection<String> from, AllowedNames names) {
    }

    public boolean allows(String name) {
        String ascii = normal(name);
        if (exact.contains(ascii)) {
            return true;
        }
        for (int dot = ascii.indexOf('.'); dot >= 0; dot = ascii.indexOf('.', dot + 1)) {
            if (wildcardBases.contains(ascii.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return exact.isEmpty() && wildcardBases.isEmpty();
    }

    private static String normal(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
