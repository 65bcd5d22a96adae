package io.egressgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecRejectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{                                                   | frame is not valid JSON",
        "{\"type\":\"ack\"                                   | frame is not valid JSON",
        "not json                                            | frame is not valid JSON",
        "[1,2]                                               | frame is a JSON array, expected a JSON object",
        "\"hello\"                                           | frame is a JSON string, expected a JSON object",
        "42                                                  | frame is a JSON number, expected a JSON object",
        "{}                                                  | frame: field 'type' is missing",
        "{\"type\":7}                                        | frame: field 'type' must be a string, was number",
        "{\"type\":null}                                     | frame: field 'type' must be a string, was null",
        "{\"type\":\"goodbye\"}                              | unknown message type 'goodbye'; expected one of hello, snapshot, delta, ack, stats, learned, denied",
        "{\"type\":\"HELLO\"}                                | unknown message type 'HELLO'",
        "{\"type\":\"stats\",\"counters\":[]} xyz              | frame is not valid JSON",
        "{\"type\":\"stats\",\"counters\":[]}{}                | frame is not valid JSON",
        "{\"type\":\"stats\",\"type\":\"ack\",\"counters\":[]} | frame has the field 'type' more than once",
        "{\"type\":\"stats\",\"counters\":[],\"counters\":[]}  | frame has the field 'counters' more than once",
    })
    void framesThatAreNoMessageAtAll(String json, String problem) {
        assertThatThrownBy(() -> MessageCodec.decode(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void oversizedIdsAndHostnamesAreRefusedWithoutBeingEchoed() {
        String hugeHostname = "h".repeat(100_000);
        assertThatThrownBy(() -> MessageCodec.decode("{\"type\":\"hello\",\"gatewayId\":\"g\",\"hostname\":\""
                + hugeHostname + "\",\"version\":\"v\"}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("hostname must be at most 253 characters, was 100000")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        assertThatThrownBy(() -> MessageCodec.decode("{\"type\":\"hello\",\"gatewayId\":\""
                + "g".repeat(65) + "\",\"hostname\":\"h\",\"version\":\"v\"}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("gatewayId must be at most 64 characters, was 65");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  \n"})
    void emptyFrames(String json) {
        assertThatThrownBy(() -> MessageCodec.decode(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("empty frame: expected a JSON object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"type\":\"hello\",\"hostname\":\"h\",\"version\":\"v\"}                                  | 'hello' frame: field 'gatewayId' is missing",
        "{\"type\":\"hello\",\"gatewayId\":\"g\",\"version\":\"v\"}                                 | 'hello' frame: field 'hostname' is missing",
        "{\"type\":\"hello\",\"gatewayId\":\"g\",\"hostname\":\"h\"}                                | 'hello' frame: field 'version' is missing",
        "{\"type\":\"hello\",\"gatewayId\":1,\"hostname\":\"h\",\"version\":\"v\"}                  | 'hello' frame: field 'gatewayId' must be a string, was number",
        "{\"type\":\"hello\",\"gatewayId\":\"g\",\"hostname\":\"h\",\"version\":\"v\",\"revision\":\"7\"}  | 'hello' frame: field 'revision' must be a whole number, was string",
        "{\"type\":\"hello\",\"gatewayId\":\"g\",\"hostname\":\"h\",\"version\":\"v\",\"epoch\":5}  | 'hello' frame: field 'epoch' must be a string, was number",
        "{\"type\":\"hello\",\"gatewayId\":\"g\",\"hostname\":\"h\",\"version\":\"v\",\"revision\":-1}  | 'hello' frame: revision must not be negative",
        "{\"type\":\"hello\",\"gatewayId\":\"\",\"hostname\":\"h\",\"version\":\"v\"}                 | 'hello' frame: gatewayId must be 1 to 64 characters of A-Z a-z 0-9 . _ -",
        "{\"type\":\"hello\",\"gatewayId\":\"g w\",\"hostname\":\"h\",\"version\":\"v\"}              | 'hello' frame: gatewayId must be 1 to 64 characters",
        "{\"type\":\"hello\",\"gatewayId\":\"g\",\"hostname\":\"h}\\n# HELP\",\"version\":\"v\"}     | 'hello' frame: hostname must be 1 to 253 characters",
        "{\"type\":\"snapshot\",\"revision\":1,\"cidrs\":[],\"part\":1,\"parts\":1}                | 'snapshot' frame: field 'epoch' is missing",
        "{\"type\":\"snapshot\",\"epoch\":null,\"revision\":1,\"cidrs\":[],\"part\":1,\"parts\":1} | 'snapshot' frame: field 'epoch' must be a string, was null",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"part\":1,\"parts\":1}             | 'snapshot' frame: field 'cidrs' is missing",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":\"1.2.3.4\",\"part\":1,\"parts\":1} | 'snapshot' frame: field 'cidrs' must be an array, was string",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[\"a\",7],\"part\":1,\"parts\":1}  | 'snapshot' frame: cidrs[1] must be a string, was number",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[null],\"part\":1,\"parts\":1}    | 'snapshot' frame: cidrs[0] must be a string, was null",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1.5,\"cidrs\":[],\"part\":1,\"parts\":1}      | 'snapshot' frame: field 'revision' must be a whole number that fits in 64 bits, was 1.5",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1e30,\"cidrs\":[],\"part\":1,\"parts\":1}     | 'snapshot' frame: field 'revision' must be a whole number that fits in 64 bits",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[],\"part\":1,\"parts\":4294967296} | 'snapshot' frame: field 'parts' is out of range, was 4294967296",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[],\"part\":0,\"parts\":1}        | 'snapshot' frame: part 0 of 1 is not a valid part number",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[],\"part\":3,\"parts\":2}        | 'snapshot' frame: part 3 of 2 is not a valid part number",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":-4,\"cidrs\":[],\"part\":1,\"parts\":1}       | 'snapshot' frame: revision must not be negative, was -4",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[],\"part\":1,\"parts\":1,\"policy\":[]} | 'snapshot' frame: field 'policy' must be an object, was array",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[],\"part\":1,\"parts\":1,\"names\":\"example.com\"} | 'snapshot' frame: field 'names' must be an array, was string",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,\"toRevision\":2,\"add\":[],\"remove\":[],\"addNames\":[7]} | 'delta' frame: addNames[0] must be a string, was number",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[],\"part\":1,\"parts\":1,\"policy\":{\"internalRanges\":[],\"cidrFloorV4\":8,\"cidrFloorV6\":32}} | 'snapshot' frame, policy: field 'version' is missing",
        "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,\"cidrs\":[],\"part\":1,\"parts\":1,\"policy\":{\"version\":0,\"internalRanges\":[],\"cidrFloorV4\":8,\"cidrFloorV6\":32}} | 'snapshot' frame, policy: version must be 1 or later",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,\"toRevision\":2,\"add\":[],\"remove\":[],\"policy\":{\"version\":1,\"internalRanges\":[1],\"cidrFloorV4\":8,\"cidrFloorV6\":32}} | 'delta' frame, policy: internalRanges[0] must be a string, was number",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,\"toRevision\":2,\"add\":[],\"remove\":[],\"policy\":{\"version\":1,\"internalRanges\":[],\"cidrFloorV4\":33,\"cidrFloorV6\":32}} | cidrFloorV4 must be a prefix length from 0 to 32, was 33",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,\"toRevision\":2,\"add\":[]}            | 'delta' frame: field 'remove' is missing",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"toRevision\":2,\"add\":[],\"remove\":[]}                | 'delta' frame: field 'fromRevision' is missing",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":5,\"toRevision\":2,\"add\":[],\"remove\":[]} | 'delta' frame: a delta cannot go from revision 5 to revision 2",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":true,\"toRevision\":2,\"add\":[],\"remove\":[]} | 'delta' frame: field 'fromRevision' must be a whole number, was boolean",
        "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,\"toRevision\":2,\"add\":{},\"remove\":[]} | 'delta' frame: field 'add' must be an array, was object",
        "{\"type\":\"ack\",\"revision\":3,\"applied\":1,\"durationMs\":5}                              | 'ack' frame: field 'skipped' is missing",
        "{\"type\":\"ack\",\"applied\":1,\"skipped\":[],\"durationMs\":5}                              | 'ack' frame: field 'revision' is missing",
        "{\"type\":\"ack\",\"revision\":3,\"applied\":-1,\"skipped\":[],\"durationMs\":5}              | 'ack' frame: revision, applied and durationMs must not be negative",
        "{\"type\":\"ack\",\"revision\":3,\"applied\":1,\"skipped\":[\"x\"],\"durationMs\":5}          | 'ack' frame, skipped[0]: must be an object, was string",
        "{\"type\":\"ack\",\"revision\":3,\"applied\":1,\"skipped\":[{\"cidr\":\"x\",\"reason\":\"r\"},{\"cidr\":\"y\"}],\"durationMs\":5} | 'ack' frame, skipped[1]: field 'reason' is missing",
        "{\"type\":\"stats\"}                                                                      | 'stats' frame: field 'counters' is missing",
        "{\"type\":\"stats\",\"counters\":[{\"cidr\":\"x\",\"outBytes\":1,\"outPackets\":1,\"inBytes\":1}]} | 'stats' frame, counters[0]: field 'inPackets' is missing",
        "{\"type\":\"stats\",\"counters\":[{\"cidr\":\"x\",\"outBytes\":\"1\",\"outPackets\":1,\"inBytes\":1,\"inPackets\":1}]} | 'stats' frame, counters[0]: field 'outBytes' must be a whole number, was string",
        "{\"type\":\"stats\",\"counters\":[{\"cidr\":\"x\",\"outBytes\":-1,\"outPackets\":1,\"inBytes\":1,\"inPackets\":1}]} | 'stats' frame: counters of x must not be negative",
    })
    void missingFieldsWrongTypesAndImpossibleValuesAreNamed(String json, String problem) {
        assertThatThrownBy(() -> MessageCodec.decode(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(problem);
    }
}
