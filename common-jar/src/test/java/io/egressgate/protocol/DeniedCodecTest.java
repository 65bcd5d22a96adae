package io.egressgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code denied} message and the hello's {@code mode} of protocol version 4. */
class DeniedCodecTest {

    private static final String ONE = "{\"source\":\"10.0.0.5\",\"destination\":\"203.0.113.9\",\"protocol\":\"tcp\","
            + "\"port\":443,\"name\":\"blocked.example\",\"firstSeen\":1796280000,\"lastSeen\":1796280042,"
            + "\"count\":3,\"wouldDeny\":false}";
    private static final DeniedRecord RECORD = new DeniedRecord("10.0.0.5", "203.0.113.9", "tcp", 443,
            "blocked.example", 1_796_280_000L, 1_796_280_042L, 3, false);

    @Test
    void deniedUsesTheFieldNamesOfTheProtocolPage() {
        assertThat(MessageCodec.encode(new Denied(List.of(RECORD), 7)))
                .isEqualTo("{\"type\":\"denied\",\"records\":[" + ONE + "],\"dropped\":7}");
    }

    @Test
    void deniedSurvivesARoundTripWithAnUnknownNameAndTextTheServerChecksLater() throws ProtocolException {
        Denied denied = new Denied(List.of(RECORD,
                new DeniedRecord("fd00::5", "2001:db8::9", "icmpv6", 0, null, 5, 5, 1, true),
                new DeniedRecord("not an address", "nor this", "132", 0, "NOT a name", 0, 0, 1, false)), 0);
        assertThat(MessageCodec.decode(MessageCodec.encode(denied))).isEqualTo(denied);
    }

    @Test
    void aThousandRecordsFitAndOneMoreIsRefused() throws ProtocolException {
        String thousand = "{\"type\":\"denied\",\"records\":[" + String.join(",", Collections.nCopies(1000, ONE))
                + "],\"dropped\":0}";
        assertThat(((Denied) MessageCodec.decode(thousand)).records()).hasSize(1000);
        String more = "{\"type\":\"denied\",\"records\":[" + String.join(",", Collections.nCopies(1001, ONE))
                + "],\"dropped\":0}";
        assertThatThrownBy(() -> MessageCodec.decode(more)).isInstanceOf(ProtocolException.class)
                .hasMessage("'denied' frame: at most 1000 records per frame, was 1001");
        assertThatThrownBy(() -> new Denied(Collections.nCopies(1001, RECORD), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"type\":\"denied\",\"dropped\":0}                        | 'denied' frame: field 'records' is missing",
        "{\"type\":\"denied\",\"records\":[]}                       | 'denied' frame: field 'dropped' is missing",
        "{\"type\":\"denied\",\"records\":[],\"dropped\":-1}        | 'denied' frame: dropped must not be negative, was -1",
        "{\"type\":\"denied\",\"records\":[7],\"dropped\":0}        | 'denied' frame, records[0]: must be an object, was number",
        "{\"type\":\"denied\",\"records\":[{\"source\":\"10.0.0.5\",\"destination\":\"203.0.113.9\",\"protocol\":\"tcp\",\"port\":70000,\"firstSeen\":1,\"lastSeen\":1,\"count\":1,\"wouldDeny\":false}],\"dropped\":0} | records[0]: port must be 0 to 65535, was 70000",
        "{\"type\":\"denied\",\"records\":[{\"source\":\"10.0.0.5\",\"destination\":\"203.0.113.9\",\"protocol\":\"tcp\",\"port\":1,\"firstSeen\":1,\"lastSeen\":1,\"count\":0,\"wouldDeny\":false}],\"dropped\":0} | records[0]: count must be at least 1, was 0",
        "{\"type\":\"denied\",\"records\":[{\"source\":\"10.0.0.5\",\"destination\":\"203.0.113.9\",\"protocol\":\"tcp\",\"port\":1,\"firstSeen\":9,\"lastSeen\":8,\"count\":1,\"wouldDeny\":false}],\"dropped\":0} | records[0]: firstSeen must be 0 or later and lastSeen not before it, were 9 and 8",
        "{\"type\":\"denied\",\"records\":[{\"source\":\"10.0.0.5\",\"destination\":\"203.0.113.9\",\"protocol\":\"tcp\",\"port\":1,\"firstSeen\":1,\"lastSeen\":1,\"count\":1,\"wouldDeny\":\"no\"}],\"dropped\":0} | records[0]: field 'wouldDeny' must be a boolean, was string",
        "{\"type\":\"denied\",\"records\":[{\"source\":\"10.0.0.5\",\"destination\":\"203.0.113.9\",\"protocol\":\"tcp\",\"port\":1,\"firstSeen\":1,\"lastSeen\":1,\"count\":1}],\"dropped\":0} | records[0]: field 'wouldDeny' is missing",
        "{\"type\":\"denied\",\"records\":[{\"destination\":\"203.0.113.9\",\"protocol\":\"tcp\",\"port\":1,\"firstSeen\":1,\"lastSeen\":1,\"count\":1,\"wouldDeny\":true}],\"dropped\":0} | records[0]: field 'source' is missing",
    })
    void malformedDeniedFramesAreRefused(String json, String problem) {
        assertThatThrownBy(() -> MessageCodec.decode(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void aHelloSaysItsModeAndAnOlderGatewayWhichSaysNothingEnforces() throws ProtocolException {
        Hello report = new Hello("g1", "gw1", "1.0", null, null, Hello.REPORT);
        assertThat(MessageCodec.encode(report)).endsWith(",\"mode\":\"report\"}");
        assertThat(MessageCodec.decode(MessageCodec.encode(report))).isEqualTo(report);
        Hello older = (Hello) MessageCodec.decode(
                "{\"type\":\"hello\",\"gatewayId\":\"g1\",\"hostname\":\"gw1\",\"version\":\"0.9\",\"epoch\":null,\"revision\":null}");
        assertThat(older.mode()).isNull();
        assertThat(older.effectiveMode()).isEqualTo(Hello.ENFORCE);
        assertThatThrownBy(() -> MessageCodec.decode(
                "{\"type\":\"hello\",\"gatewayId\":\"g1\",\"hostname\":\"gw1\",\"version\":\"1\",\"mode\":\"audit\"}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("mode must be enforce or report");
    }
}
