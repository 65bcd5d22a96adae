package io.egressgate.failures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks a failure's cause chain: the one place that knows a chain may loop back on itself (a
 * library's exception that names itself, or an earlier one, as its cause).
 */
public final class Causes {

    private Causes() {
    }

    /** The failure, its cause, that one's cause and so on, each once; empty for null. */
    public static List<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The nearest failure of {@code type} in the chain, the failure itself included. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        return chain(failure).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The last failure of the chain: usually the one that says what really went wrong. */
    public static Throwable root(Throwable failure) {
        List<Throwable> chain = chain(failure);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no failure");
        }
        return chain.get(chain.size() - 1);
    }

    /** The first line of the message, or the failure's simple class name when it has no message. */
    public static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank()
                ? failure.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
