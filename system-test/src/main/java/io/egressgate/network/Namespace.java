package io.egressgate.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One network namespace, by name; commands run in it through {@code ip netns exec}. */
public record Namespace(String name) {

    public List<String> command(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    public Shell.Result run(String... command) {
        return Shell.run(command(command), Duration.ofSeconds(60));
    }

    public Shell.Result run(Duration limit, String... command) {
        return Shell.run(command(command), limit);
    }

    public String must(String... command) {
        return Shell.must(command(command).toArray(String[]::new));
    }

    @Override
    public String toString() {
        return name;
    }
}
