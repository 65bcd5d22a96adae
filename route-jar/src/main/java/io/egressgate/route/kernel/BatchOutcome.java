package io.egressgate.route.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one {@code ip -batch} run did: its exit code and one readable line per failed batch line. */
public record BatchOutcome(int exitCode, List<String> failures) {

    private static final Pattern FAILED_LINE = Pattern.compile("^Command failed (?:-|\\S+):(\\d+)\\s*$");

    public BatchOutcome {
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return exitCode == 0 && failures.isEmpty();
    }

    /**
     * Pairs iproute2's error text with the batch line it belongs to. `ip` prints the kernel's reason
     * ("Error: Nexthop has invalid gateway.") and then "Command failed -:N" for line N.
     */
    public static BatchOutcome of(int exitCode, String stderr, List<String> batchLines) {
        List<String> failures = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String raw : stderr.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher failed = FAILED_LINE.matcher(line);
            if (failed.matches()) {
                int number = Integer.parseInt(failed.group(1));
                String command = number >= 1 && number <= batchLines.size()
                        ? batchLines.get(number - 1) : "line " + number;
                failures.add(command + ": " + (reasons.isEmpty() ? "failed" : String.join(" ", reasons)));
                reasons.clear();
            } else {
                reasons.add(line);
            }
        }
        if (!reasons.isEmpty()) {
            failures.add(String.join(" ", reasons));
        }
        if (exitCode != 0 && failures.isEmpty()) {
            failures.add("ip -batch exited with " + exitCode);
        }
        return new BatchOutcome(exitCode, failures);
    }
}
