package io.egressgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code learned} message of protocol version 3, and how a server says it takes it. */
class LearnedCodecTest {

    private static final String ONE = "{\"name\":\"n1.example.net\",\"cidr\":\"203.0.113.101/32\",\"expiresInSeconds\":630}";

    @Test
    void learnedUsesTheFieldNamesOfTheProtocolPage() {
        Learned learned = new Learned(List.of(new LearnedAddress("n1.example.net", "203.0.113.101/32", 630)));
        assertThat(MessageCodec.encode(learned)).isEqualTo("{\"type\":\"learned\",\"addresses\":[" + ONE + "]}");
    }

    @Test
    void learnedSurvivesARoundTripWithTextTheServerChecksLater() throws ProtocolException {
        Learned learned = new Learned(List.of(
                new LearnedAddress("n1.example.net", "203.0.113.101/32", 1),
                new LearnedAddress("NOT a name", "2001:db8::1/128", LearnedAddress.MAX_EXPIRES_IN_SECONDS),
                new LearnedAddress("x.example.net", "not a cidr", 60)));
        assertThat(MessageCodec.decode(MessageCodec.encode(learned))).isEqualTo(learned);
        assertThat(MessageCodec.decode(MessageCodec.encode(new Learned(List.of())))).isEqualTo(new Learned(List.of()));
    }

    @Test
    void aThousandAddressesFitAndOneMoreIsRefused() throws ProtocolException {
        String thousand = "{\"type\":\"learned\",\"addresses\":[" + String.join(",", Collections.nCopies(1000, ONE)) + "]}";
        assertThat(((Learned) MessageCodec.decode(thousand)).addresses()).hasSize(1000);
        String more = "{\"type\":\"learned\",\"addresses\":[" + String.join(",", Collections.nCopies(1001, ONE)) + "]}";
        assertThatThrownBy(() -> MessageCodec.decode(more)).isInstanceOf(ProtocolException.class)
                .hasMessage("'learned' frame: at most 1000 addresses per frame, was 1001");
        LearnedAddress address = new LearnedAddress("n1.example.net", "203.0.113.101/32", 630);
        assertThatThrownBy(() -> new Learned(Collections.nCopies(1001, address)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"type\":\"learned\"}                                                                   | 'learned' frame: field 'addresses' is missing",
        "{\"type\":\"learned\",\"addresses\":{}}                                                  | 'learned' frame: field 'addresses' must be an array, was object",
        "{\"type\":\"learned\",\"addresses\":[\"203.0.113.1/32\"]}                                | 'learned' frame, addresses[0]: must be an object, was string",
        "{\"type\":\"learned\",\"addresses\":[{\"cidr\":\"203.0.113.1/32\",\"expiresInSeconds\":5}]} | 'learned' frame, addresses[0]: field 'name' is missing",
        "{\"type\":\"learned\",\"addresses\":[{\"name\":\"a.example\",\"expiresInSeconds\":5}]}    | 'learned' frame, addresses[0]: field 'cidr' is missing",
        "{\"type\":\"learned\",\"addresses\":[{\"name\":\"a.example\",\"cidr\":\"203.0.113.1/32\"}]} | 'learned' frame, addresses[0]: field 'expiresInSeconds' is missing",
        "{\"type\":\"learned\",\"addresses\":[{\"name\":7,\"cidr\":\"203.0.113.1/32\",\"expiresInSeconds\":5}]} | 'learned' frame, addresses[0]: field 'name' must be a string, was number",
        "{\"type\":\"learned\",\"addresses\":[{\"name\":\"a.example\",\"cidr\":\"203.0.113.1/32\",\"expiresInSeconds\":0}]}     | 'learned' frame, addresses[0]: expiresInSeconds must be 1 to 86400, was 0",
        "{\"type\":\"learned\",\"addresses\":[{\"name\":\"a.example\",\"cidr\":\"203.0.113.1/32\",\"expiresInSeconds\":86401}]} | 'learned' frame, addresses[0]: expiresInSeconds must be 1 to 86400, was 86401",
        "{\"type\":\"learned\",\"addresses\":[{\"name\":\"a.example\",\"cidr\":\"203.0.113.1/32\",\"expiresInSeconds\":1.5}]}   | 'learned' frame, addresses[0]: field 'expiresInSeconds' must be a whole number",
    })
    void malformedLearnedFramesAreRefused(String json, String problem) {
        assertThatThrownBy(() -> MessageCodec.decode(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void snapshotsAndDeltasSayWhatTheServerAcceptsAndOlderServersSayNothing() throws ProtocolException {
        List<Snapshot> parts = Snapshot.split("e", 7, List.of("203.0.113.1/32", "203.0.113.2/32"), 1, null,
                List.of("*.example.com"), List.of(Learned.TYPE));
        assertThat(parts).hasSize(2).allSatisfy(part -> assertThat(part.accepts(Learned.TYPE)).isTrue());
        assertThat(MessageCodec.encode(parts.get(1))).endsWith(",\"names\":[],\"accepts\":[\"learned\"]}");
        Delta delta = new Delta("e", 7, 8, List.of(), List.of(), null, List.of(), List.of(), List.of(Learned.TYPE));
        assertThat(MessageCodec.encode(delta)).endsWith(",\"accepts\":[\"learned\"]}");
        assertThat(((Delta) MessageCodec.decode(MessageCodec.encode(delta))).accepts(Learned.TYPE)).isTrue();

        Snapshot older = (Snapshot) MessageCodec.decode(
                "{\"type\":\"snapshot\",\"epoch\":\"e\",\"revision\":7,\"cidrs\":[],\"part\":1,\"parts\":1,\"names\":[]}");
        assertThat(older.accepts()).isNull();
        assertThat(older.accepts(Learned.TYPE)).isFalse();
        Delta olderDelta = (Delta) MessageCodec.decode(
                "{\"type\":\"delta\",\"epoch\":\"e\",\"fromRevision\":7,\"toRevision\":7,\"add\":[],\"remove\":[]}");
        assertThat(olderDelta.accepts(Learned.TYPE)).isFalse();
        assertThat(MessageCodec.encode(new Snapshot("e", 7, List.of(), 1, 1))).doesNotContain("accepts");
    }
}
