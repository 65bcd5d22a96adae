package io.egressgate.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictJsonReaderTest {

    private static Object read(String body) {
        return StrictJsonReader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsOneObject() {
        assertThat(((JsonObject) read(" {\"value\":\"a.example.com\",\"tags\":[[1]]} \n")).getString("value"))
                .isEqualTo("a.example.com");
    }

    @Test
    void refusesTrailingGarbage() {
        assertThatThrownBy(() -> read("{\"value\":\"a.example.com\"} garbage")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> read("{\"value\":\"a.example.com\"}{}")).isInstanceOf(JsonException.class);
    }

    @Test
    void refusesDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThatThrownBy(() -> read("{\"value\":" + deep + "}"))
                .isInstanceOf(JsonException.class).hasMessageContaining("nested deeper");
    }
}
