package io.egressgate.route.kernel;

import io.egressgate.route.kernel.BatchOutcome.Failure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchOutcomeTest {

    private static final List<String> LINES = List.of(
            "route replace 1.0.0.0/8 via 10.62.0.1 table 254 metric 0 proto 230",
            "route replace 2.0.0.0/7 via 10.99.0.1 table 254 metric 0 proto 230",
            "route del 4.0.0.0/6 table 254 metric 0 proto 230");

    @Test
    void eachFailureNamesItsBatchLineAndTheKernelsReason() {
        String stderr = "Error: Nexthop has invalid gateway.\nCommand failed -:2\n"
                + "RTNETLINK answers: No such process\nCommand failed -:3\n";

        BatchOutcome outcome = BatchOutcome.of(1, stderr, LINES);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failures()).containsExactly(
                new Failure(LINES.get(1), "Error: Nexthop has invalid gateway."),
                new Failure(LINES.get(2), "RTNETLINK answers: No such process"));
        assertThat(outcome.failures().get(0)).hasToString(LINES.get(1) + ": Error: Nexthop has invalid gateway.");
    }

    @Test
    void aCleanRunSucceedsAndAFailureWithoutTextIsStillReported() {
        assertThat(BatchOutcome.of(0, "", LINES).succeeded()).isTrue();
        assertThat(BatchOutcome.of(255, "", LINES).failures()).containsExactly(new Failure("", "ip -batch exited with 255"));
        assertThat(BatchOutcome.of(1, "Cannot open network namespace\n", LINES).failures())
                .containsExactly(new Failure("", "Cannot open network namespace"));
    }

    @Test
    void theSameReasonForManyLinesIsSummarisedAsOneLine() {
        String denied = "RTNETLINK answers: Operation not permitted";
        String stderr = denied + "\nCommand failed -:1\n" + denied + "\nCommand failed -:2\n"
                + "RTNETLINK answers: No such process\nCommand failed -:3\n";

        List<String> lines = BatchOutcome.summarise(BatchOutcome.of(1, stderr, LINES).failures());

        assertThat(lines).containsExactly(
                denied + " (2 batch lines, the first: " + LINES.get(0) + ")",
                LINES.get(2) + ": RTNETLINK answers: No such process");
    }
}
