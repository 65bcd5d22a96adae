package io.egressgate.server.query;

import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WHERE clause made of the conditions a search asks for, each with its named parameters, joined
 * with AND. Conditions are the caller's constants; only parameters carry what was typed.
 */
public final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    public Where and(String condition) {
        conditions.add(condition);
        return this;
    }

    public Where and(String condition, String parameter, Object value) {
        return and(condition).with(parameter, value);
    }

    /** Another parameter of the conditions given so far. */
    public Where with(String parameter, Object value) {
        parameters.put(parameter, value);
        return this;
    }

    /** Empty without conditions, else {@code " WHERE a AND b"}, to follow the FROM. */
    public String clause() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public Map<String, Object> parameters() {
        return Map.copyOf(parameters);
    }

    public <Q extends Query> Q bind(Q query) {
        parameters.forEach(query::setParameter);
        return query;
    }
}
