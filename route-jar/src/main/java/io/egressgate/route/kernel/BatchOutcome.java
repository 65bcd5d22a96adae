package io.egressgate.route.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one {@code ip -batch} run did: its exit code and each batch line that failed, with the kernel's reason. */
public record BatchOutcome(int exitCode, List<Failure> failures) {

    private static final Pattern FAILED_LINE = Pattern.compile("^Command failed (?:-|\\S+):(\\d+)\\s*$");

    /** One failed batch line; {@code command} is empty when `ip` failed as a whole. */
    public record Failure(String command, String reason) {
        @Override
        public String toString() {
            return command.isEmpty() ? reason : command + ": " + reason;
        }
    }

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
        List<Failure> failures = new ArrayList<>();
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
                failures.add(new Failure(command, reasons.isEmpty() ? "failed" : String.join(" ", reasons)));
                reasons.clear();
            } else {
                reasons.add(line);
            }
        }
        if (!reasons.isEmpty()) {
            failures.add(new Failure("", String.join(" ", reasons)));
        }
        if (exitCode != 0 && failures.isEmpty()) {
            failures.add(new Failure("", "ip -batch exited with " + exitCode));
        }
        return new BatchOutcome(exitCode, failures);
    }

    /**
     * One line per distinct reason, so that a refusal of every route (no permission, a next hop the
     * kernel rejects) reads as one sentence rather than a wall of identical lines.
     */
    public static List<String> summarise(List<Failure> failures) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        failures.forEach(failure -> byReason.computeIfAbsent(failure.reason(), any -> new ArrayList<>())
                .add(failure.command()));
        List<String> lines = new ArrayList<>();
        byReason.forEach((reason, commands) -> {
            if (commands.size() == 1) {
                lines.add(new Failure(commands.get(0), reason).toString());
            } else {
                lines.add(reason + " (" + commands.size() + " batch lines, the first: " + commands.get(0) + ")");
            }
        });
        return lines;
    }
}
