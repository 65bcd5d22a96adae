package io.egressgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A full table in one frame must stay cheap: the server sends it to every gateway on reconnect. */
class LargeSnapshotTest {

    private static final int CIDRS = 100_000;
    // The target is well under 2 s; the bound is loose so a busy 2-core CI machine never flakes.
    private static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    void aHundredThousandCidrsEncodeAndDecodeWellWithinTheBound() throws ProtocolException {
        List<String> cidrs = IntStream.range(0, CIDRS)
                .mapToObj(i -> i % 2 == 0
                        ? "203.0." + (i >> 9 & 255) + "." + (i >> 1 & 255) + "/32"
                        : "2001:db8:" + Integer.toHexString(i) + "::/48")
                .toList();
        Snapshot snapshot = new Snapshot("4f1c2a7e-0d5b-4b57-9a63-3c1f2a9d8e10", 123_456, cidrs, 1, 1);

        long start = System.nanoTime();
        String json = MessageCodec.encode(snapshot);
        GatewayMessage decoded = MessageCodec.decode(json);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(decoded).isEqualTo(snapshot);
        assertThat(took).isLessThan(BOUND);
        System.out.printf("LargeSnapshotTest: %,d cidrs, %,d characters, encode+decode %d ms%n",
                CIDRS, json.length(), took.toMillis());
    }
}
