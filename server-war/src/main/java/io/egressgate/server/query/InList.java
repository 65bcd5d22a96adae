package io.egressgate.server.query;

import jakarta.persistence.Query;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Native SQL with {@code IN (?, ?, ...)} lists, in chunks. Positional parameters are numbered
 * ({@code ?3}), as EclipseLink wants for native queries. Chunks stay small because both sides pay
 * per parameter more than once: EclipseLink matches every parameter against the others (quadratic
 * in their number), and H2 checks each row it finds against the whole list.
 */
public final class InList {

    public static final int CHUNK = 100;

    private InList() {
    }

    /** Runs {@code action} for consecutive chunks of at most {@code size} values. */
    public static <T> void chunks(Collection<T> values, int size, Consumer<List<T>> action) {
        List<T> all = List.copyOf(values);
        for (int from = 0; from < all.size(); from += size) {
            action.accept(all.subList(from, Math.min(all.size(), from + size)));
        }
    }

    public static <T> void chunks(Collection<T> values, Consumer<List<T>> action) {
        chunks(values, CHUNK, action);
    }

    /** {@code ?first, ?first+1, ...}, {@code count} of them. */
    public static String placeholders(int first, int count) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sql.append(i > 0 ? ", ?" : "?").append(first + i);
        }
        return sql.toString();
    }

    /** Binds {@code values} to the parameters numbered from {@code first}. */
    public static Query bind(Query query, int first, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(first + i, values.get(i));
        }
        return query;
    }
}
