package io.egressgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of this session: a value the server cannot use stops the start with one line naming it. */
class ServerConfigTest {

    @TempDir
    Path dir;

    private ServerConfig read(String yaml) throws Exception {
        return ServerConfig.read(Files.writeString(dir.resolve("server.yaml"), yaml));
    }

    @Test
    void metricsPublicIsTrueOrFalse() throws Exception {
        assertThat(read("metrics_public: true\n").get("metrics_public")).hasValue("true");
        assertThat(read("metrics_public: false\n").get("metrics_public")).hasValue("false");
        assertThatThrownBy(() -> read("metrics_public: yes please\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics_public must be true or false, not 'yes please'");
    }

    @Test
    void maxTrafficDestinationsIsAPositiveWholeNumber() throws Exception {
        assertThat(read("max_traffic_destinations: 1000\n").get("max_traffic_destinations")).hasValue("1000");
        for (String bad : new String[] {"0", "-5", "lots", "99999999999", "1.5"}) {
            assertThatThrownBy(() -> read("max_traffic_destinations: " + bad + "\n")).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("max_traffic_destinations");
        }
    }
}
