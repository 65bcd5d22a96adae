package io.egressgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    static Stream<GatewayMessage> everyKindOfMessage() {
        return Stream.of(
                new Hello("gw-1", "gateway-1.example", "0.1.0", "4f1c2a7e-epoch", 42L),
                new Hello("gw-1", "gateway-1.example", "0.1.0", null, null),
                new Hello("gw", "h", "v \"quoted\" \\ back h\u00f6st", "e", 0L),
                new Hello("gw", "h", "v", "e", Long.MAX_VALUE),
                new Snapshot("epoch", 7, List.of("203.0.113.7/32", "2001:db8::/32", "not a cidr"), 1, 1),
                new Snapshot("epoch", 0, List.of(), 2, 3),
                new Snapshot("epoch", 7, List.of("203.0.113.7/32"), 1, 1,
                        new ServerPolicy(List.of("198.51.100.0/24", "2001:db8:1::/48"), 16, 48)),
                new Delta("epoch", 7, 8, List.of(), List.of("203.0.113.7/32"), new ServerPolicy(List.of(), 8, 32)),
                new Delta("epoch", 7, 9, List.of("198.51.100.0/24"), List.of("203.0.113.7/32")),
                new Delta("epoch", 9, 9, List.of(), List.of()),
                new Snapshot("epoch", 7, List.of(), 1, 1, null, List.of("example.com", "*.example.org", "not a name")),
                new Snapshot("epoch", 7, List.of(), 2, 2, new ServerPolicy(List.of(), 8, 32), List.of()),
                new Delta("epoch", 7, 8, List.of("203.0.113.7/32"), List.of(), new ServerPolicy(List.of(), 8, 32),
                        List.of("*.example.com"), List.of("example.net")),
                new Delta("epoch", 8, 9, List.of(), List.of(), null, List.of(), List.of()),
                new Ack(9, 2, List.of(new Skipped("10.0.0.1/32", "internal range 10.0.0.0/8"),
                        new Skipped("garbage", "not a CIDR: \"garbage\"")), 123),
                new Ack(0, 0, List.of(), 0),
                new Stats(List.of(new Counter("203.0.113.7/32", 1_000_000_000_000L, 2, 3, 4),
                        new Counter("2001:db8::/32", 0, 0, 0, Long.MAX_VALUE))),
                new Stats(List.of()));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfMessage")
    void everyMessageSurvivesARoundTrip(GatewayMessage message) throws ProtocolException {
        assertThat(MessageCodec.decode(MessageCodec.encode(message))).isEqualTo(message);
    }

    @Test
    void helloUsesTheFieldNamesOfTheDesign() {
        assertThat(MessageCodec.encode(new Hello("gw-1", "host-1", "0.1.0", "e1", 42L))).isEqualTo(
                "{\"type\":\"hello\",\"gatewayId\":\"gw-1\",\"hostname\":\"host-1\",\"version\":\"0.1.0\","
                        + "\"epoch\":\"e1\",\"revision\":42}");
        assertThat(MessageCodec.encode(new Hello("gw-1", "host-1", "0.1.0", null, null))).isEqualTo(
                "{\"type\":\"hello\",\"gatewayId\":\"gw-1\",\"hostname\":\"host-1\",\"version\":\"0.1.0\","
                        + "\"epoch\":null,\"revision\":null}");
    }

    @Test
    void snapshotUsesTheFieldNamesOfTheDesign() {
        assertThat(MessageCodec.encode(new Snapshot("e1", 7, List.of("203.0.113.7/32"), 1, 2))).isEqualTo(
                "{\"type\":\"snapshot\",\"epoch\":\"e1\",\"revision\":7,\"cidrs\":[\"203.0.113.7/32\"],"
                        + "\"part\":1,\"parts\":2}");
    }

    @Test
    void thePolicyIsAVersionedObjectAndAbsentWhenThereIsNone() {
        assertThat(MessageCodec.encode(new Snapshot("e1", 7, List.of(), 1, 1,
                new ServerPolicy(List.of("198.51.100.0/24"), 8, 32)))).isEqualTo(
                "{\"type\":\"snapshot\",\"epoch\":\"e1\",\"revision\":7,\"cidrs\":[],\"part\":1,\"parts\":1,"
                        + "\"policy\":{\"version\":1,\"internalRanges\":[\"198.51.100.0/24\"],\"cidrFloorV4\":8,"
                        + "\"cidrFloorV6\":32}}");
        assertThat(MessageCodec.encode(new Delta("e1", 7, 8, List.of(), List.of()))).doesNotContain("policy");
    }

    @Test
    void aPolicyOfALaterVersionIsReadForTheFieldsItKeeps() throws ProtocolException {
        assertThat(MessageCodec.decode("{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,\"toRevision\":2,"
                + "\"add\":[],\"remove\":[],\"policy\":{\"version\":2,\"internalRanges\":[\"198.51.100.0/24\"],"
                + "\"cidrFloorV4\":12,\"cidrFloorV6\":40,\"futureRule\":true}}"))
                .isEqualTo(new Delta("e", 1, 2, List.of(), List.of(), new ServerPolicy(List.of("198.51.100.0/24"), 12, 40)));
        assertThat(MessageCodec.decode("{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,\"toRevision\":2,"
                + "\"add\":[],\"remove\":[],\"policy\":null}")).isEqualTo(new Delta("e", 1, 2, List.of(), List.of()));
    }

    @Test
    void namesAreListsOfTextAfterThePolicyAndAbsentFromMessagesWithoutThem() {
        assertThat(MessageCodec.encode(new Snapshot("e1", 7, List.of(), 1, 1, null, List.of("example.com", "*.example.org"))))
                .isEqualTo("{\"type\":\"snapshot\",\"epoch\":\"e1\",\"revision\":7,\"cidrs\":[],\"part\":1,"
                        + "\"parts\":1,\"names\":[\"example.com\",\"*.example.org\"]}");
        assertThat(MessageCodec.encode(new Delta("e1", 7, 8, List.of(), List.of(), null, List.of("*.example.com"), List.of())))
                .isEqualTo("{\"type\":\"delta\",\"epoch\":\"e1\",\"fromRevision\":7,\"toRevision\":8,\"add\":[],"
                        + "\"remove\":[],\"addNames\":[\"*.example.com\"],\"removeNames\":[]}");
        assertThat(MessageCodec.encode(new Snapshot("e1", 7, List.of(), 1, 1))).doesNotContain("names");
        assertThat(MessageCodec.encode(new Delta("e1", 7, 8, List.of(), List.of()))).doesNotContain("Names");
    }

    @Test
    void framesOfServersBeforeNamesDecodeWithoutNamesNotWithEmptyLists() throws ProtocolException {
        Snapshot snapshot = (Snapshot) MessageCodec.decode("{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":1,"
                + "\"cidrs\":[],\"part\":1,\"parts\":1}");
        assertThat(snapshot.names()).isNull();
        Delta delta = (Delta) MessageCodec.decode("{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,"
                + "\"toRevision\":2,\"add\":[],\"remove\":[],\"removeNames\":null}");
        assertThat(delta.carriesNames()).isFalse();
        assertThat(delta.addNames()).isNull();
        assertThat(delta.removeNames()).isNull();
    }

    @Test
    void aDeltaWithOnlyOneNamesListHasTheOtherEmpty() throws ProtocolException {
        Delta delta = (Delta) MessageCodec.decode("{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":1,"
                + "\"toRevision\":2,\"add\":[],\"remove\":[],\"removeNames\":[\"example.com\"]}");
        assertThat(delta.carriesNames()).isTrue();
        assertThat(delta.addNames()).isEmpty();
        assertThat(delta.removeNames()).containsExactly("example.com");
    }

    @Test
    void deltaUsesTheFieldNamesOfTheDesign() {
        assertThat(MessageCodec.encode(new Delta("e1", 7, 8, List.of("a"), List.of("b", "c")))).isEqualTo(
                "{\"type\":\"delta\",\"epoch\":\"e1\",\"fromRevision\":7,\"toRevision\":8,\"add\":[\"a\"],"
                        + "\"remove\":[\"b\",\"c\"]}");
    }

    @Test
    void ackUsesTheFieldNamesOfTheDesign() {
        assertThat(MessageCodec.encode(new Ack(8, 1, List.of(new Skipped("x", "bad")), 15))).isEqualTo(
                "{\"type\":\"ack\",\"revision\":8,\"applied\":1,\"skipped\":[{\"cidr\":\"x\",\"reason\":\"bad\"}],"
                        + "\"durationMs\":15}");
    }

    @Test
    void statsUseTheFieldNamesOfTheDesign() {
        assertThat(MessageCodec.encode(new Stats(List.of(new Counter("203.0.113.7/32", 1, 2, 3, 4))))).isEqualTo(
                "{\"type\":\"stats\",\"counters\":[{\"cidr\":\"203.0.113.7/32\",\"outBytes\":1,\"outPackets\":2,"
                        + "\"inBytes\":3,\"inPackets\":4}]}");
    }

    @Test
    void typeMatchesTheWire() {
        assertThat(everyKindOfMessage().map(GatewayMessage::type).distinct())
                .containsExactly("hello", "snapshot", "delta", "ack", "stats");
    }

    @Test
    void unknownExtraFieldsAreIgnored() throws ProtocolException {
        GatewayMessage decoded = MessageCodec.decode("{\"type\":\"ack\",\"revision\":3,\"applied\":1,"
                + "\"skipped\":[{\"cidr\":\"x\",\"reason\":\"r\",\"hint\":[1,2]}],\"durationMs\":5,"
                + "\"future\":{\"nested\":true}}");
        assertThat(decoded).isEqualTo(new Ack(3, 1, List.of(new Skipped("x", "r")), 5));
    }

    @Test
    void helloWithoutEpochAndRevisionMeansNothingWasAppliedYet() throws ProtocolException {
        assertThat(MessageCodec.decode("{\"type\":\"hello\",\"gatewayId\":\"g\",\"hostname\":\"h\",\"version\":\"v\"}"))
                .isEqualTo(new Hello("g", "h", "v", null, null));
    }

    @Test
    void decodingAcceptsWhitespaceAndAnyFieldOrder() throws ProtocolException {
        assertThat(MessageCodec.decode(" {\n \"remove\" : [ ] , \"add\":[\"a\"],\"toRevision\":2,"
                + "\"fromRevision\":1,\"epoch\":\"e\",\"type\":\"delta\" }\n"))
                .isEqualTo(new Delta("e", 1, 2, List.of("a"), List.of()));
    }

    @Test
    void listsInMessagesCannotBeChangedAfterwards() {
        java.util.ArrayList<String> cidrs = new java.util.ArrayList<>(List.of("203.0.113.7/32"));
        Snapshot snapshot = new Snapshot("e", 1, cidrs, 1, 1);
        cidrs.add("198.51.100.0/24");
        assertThat(snapshot.cidrs()).containsExactly("203.0.113.7/32");
    }
}
