package io.egressgate.server.entries;

import io.egressgate.addresses.AllowlistPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one add, checked as a whole before anything is stored: every refusal with its
 * index; every value that passed by its index; and each value once ({@code distinct}, by canonical
 * form): the first time a value appears decides its lock and note, later ones are the same entry.
 */
record CheckedValues(Map<String, Value> distinct, Map<Integer, Value> byIndex, List<NewEntries.Refusal> refusals) {

    /** A value that passed, with the request it came from and its note as stored. */
    record Value(int index, NewEntries.Request request, EntryValue value, String note) {
        String canonical() {
            return value.canonical();
        }
    }

    static CheckedValues of(List<NewEntries.Request> requests, AllowlistPolicy policy) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("at least one value is needed: a domain, a wildcard (*.example.com),"
                    + " an IP address or a CIDR");
        }
        if (requests.size() > NewEntries.MAX_VALUES) {
            throw new IllegalArgumentException("at most " + NewEntries.MAX_VALUES + " values at once, not "
                    + requests.size());
        }
        List<NewEntries.Refusal> refusals = new ArrayList<>();
        Map<Integer, Value> byIndex = new LinkedHashMap<>();
        Map<String, Value> distinct = new LinkedHashMap<>();
        for (int index = 0; index < requests.size(); index++) {
            NewEntries.Request request = requests.get(index);
            try {
                Value value = new Value(index, request, EntryValue.parse(request.value(), policy),
                        NewEntries.cleanNote(request.note()));
                byIndex.put(index, value);
                distinct.putIfAbsent(value.canonical(), value);
            } catch (IllegalArgumentException e) {
                refusals.add(new NewEntries.Refusal(index, request.value(), e.getMessage()));
            }
        }
        return new CheckedValues(distinct, byIndex, List.copyOf(refusals));
    }

    /** Whether this value is where its canonical form first appeared (so the one that creates it). */
    boolean first(Value value) {
        return distinct.get(value.canonical()) == value;
    }
}
