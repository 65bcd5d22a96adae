package io.egressgate.server.bench;

import java.util.Arrays;
import java.util.List;

/** Knobs, as system properties ({@code -Dbench.…} on the Maven command line), with the defaults of issue 2. */
final class BenchSettings {

    private BenchSettings() {
    }

    static int integer(String name, int defaultValue) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.strip());
    }

    static List<Integer> integers(String name, String defaultValue) {
        return Arrays.stream(System.getProperty(name, defaultValue).split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    }

    static List<String> words(String name, String defaultValue) {
        return Arrays.stream(System.getProperty(name, defaultValue).split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
