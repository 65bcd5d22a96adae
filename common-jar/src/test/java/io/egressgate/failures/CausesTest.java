package io.egressgate.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void theChainRunsFromTheFailureToItsRoot() {
        IOException root = new IOException("disk full\nsecond line");
        UncheckedIOException middle = new UncheckedIOException("writing", root);
        IllegalStateException top = new IllegalStateException("saving", middle);
        assertThat(Causes.chain(top)).containsExactly(top, middle, root);
        assertThat(Causes.root(top)).isSameAs(root);
        assertThat(Causes.firstLine(Causes.root(top))).isEqualTo("disk full");
        assertThat(Causes.find(top, IOException.class)).containsSame(root);
        assertThat(Causes.find(top, RuntimeException.class)).containsSame(top);
        assertThat(Causes.find(top, ArithmeticException.class)).isEmpty();
        assertThat(Causes.chain(null)).isEmpty();
    }

    @Test
    void aChainThatLoopsBackEndsAtTheLastNewFailure() {
        Exception first = new Exception("first");
        Exception second = new Exception("second", first);
        first.initCause(second);
        assertThat(Causes.chain(second)).containsExactly(second, first);
        assertThat(Causes.root(second)).isSameAs(first);
        assertThat(Causes.find(second, IOException.class)).isEmpty();
    }

    @Test
    void aFailureWithoutAMessageIsToldByItsClass() {
        assertThat(Causes.firstLine(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(Causes.firstLine(new IllegalStateException(" "))).isEqualTo("IllegalStateException");
        assertThatThrownBy(() -> Causes.root(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
