package io.egressgate.server.gateways;

import io.egressgate.names.DomainName;
import io.egressgate.names.WildcardName;
import io.egressgate.server.query.InList;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which entry allows each of some names: the domain entry of that very name, else the wildcard
 * entry with the longest base above it. Only the entries the names could match are read (the name
 * itself and {@code *.} on each of its parent names), never every name entry.
 */
final class AllowingEntries {

    private AllowingEntries() {
    }

    /** Entry id by name, for the names some entry allows; the others are absent. */
    static Map<DomainName, Long> of(EntityManager em, Collection<DomainName> names) {
        Set<String> candidates = new LinkedHashSet<>();
        names.forEach(name -> candidates.addAll(candidatesFor(name)));
        Map<String, Long> entries = new HashMap<>();
        InList.chunks(candidates, chunk -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = InList.bind(em.createNativeQuery("SELECT entry_value, id FROM eg_entry"
                    + " WHERE kind IN ('DOMAIN', 'WILDCARD') AND entry_value IN (" + InList.placeholders(1, chunk.size())
                    + ")"), 1, chunk).getResultList();
            rows.forEach(row -> entries.put((String) row[0], ((Number) row[1]).longValue()));
        });
        Map<DomainName, Long> allowing = new HashMap<>();
        for (DomainName name : names) {
            // the most specific first: the name's own entry, then the nearest wildcard
            for (String candidate : candidatesFor(name)) {
                Long id = entries.get(candidate);
                if (id != null && allows(candidate, name)) {
                    allowing.put(name, id);
                    break;
                }
            }
        }
        return allowing;
    }

    /** The entry's value read again by the rules of today: a base since put on the Public Suffix List allows nothing. */
    private static boolean allows(String entryValue, DomainName name) {
        if (entryValue.equals(name.ascii())) {
            return true;
        }
        try {
            return WildcardName.parse(entryValue).matches(name);
        } catch (IllegalArgumentException refusedToday) {
            return false;
        }
    }

    /** {@code a.b.example.com}, {@code *.b.example.com}, {@code *.example.com}, {@code *.com}. */
    private static List<String> candidatesFor(DomainName name) {
        List<String> candidates = new ArrayList<>();
        candidates.add(name.ascii());
        String rest = name.ascii();
        for (int dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.')) {
            rest = rest.substring(dot + 1);
            candidates.add(WildcardName.PREFIX + rest);
        }
        return candidates;
    }
}
