package io.egressgate.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PastedValuesTest {

    @Test
    void everyValueKeepsItsLineNumberAndBlankAndCommentLinesAreSkipped() {
        List<PastedValues.Line> lines = PastedValues.split(
                "example.com\n10.1.2.3\n\n# a comment\n203.0.113.7\n198.51.100.0/24\nnot_a_domain!");

        assertThat(lines).extracting(PastedValues.Line::number).containsExactly(1, 2, 5, 6, 7);
        assertThat(lines).extracting(PastedValues.Line::text)
                .containsExactly("example.com", "10.1.2.3", "203.0.113.7", "198.51.100.0/24", "not_a_domain!");
    }

    @Test
    void commasSemicolonsAndSpacesAlsoSeparateValues() {
        List<PastedValues.Line> lines = PastedValues.split("a.example.com, b.example.com;c.example.com  203.0.113.9\r\nx.example.com");

        assertThat(lines).extracting(PastedValues.Line::text)
                .containsExactly("a.example.com", "b.example.com", "c.example.com", "203.0.113.9", "x.example.com");
        assertThat(lines).extracting(PastedValues.Line::number).containsExactly(1, 1, 1, 1, 2);
    }

    @Test
    void nothingPastedIsNoValues() {
        assertThat(PastedValues.split(null)).isEmpty();
        assertThat(PastedValues.split(" \n\t\n# only a comment")).isEmpty();
    }
}
