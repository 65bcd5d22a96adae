package io.egressgate.gateway.denials;

import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DenialLog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class UlogdReaderTest {

    @Test
    void theConfigurationReadsTheGatewaysGroupAndWritesJsonToTheGateway() {
        String config = UlogdReader.configuration(Path.of("/opt/ulogd"), new DenialLog(4711, 50));

        assertThat(config).contains("stack=nflog:NFLOG,base:BASE,ip2str:IP2STR,json:JSON", "[nflog]\ngroup=4711\n",
                "plugin=\"/opt/ulogd/ulogd_output_JSON.so\"", "[json]\nsync=1\nfile=\"/proc/self/fd/1\"");
        assertThat(config.lines().filter(line -> line.startsWith("plugin="))).hasSize(UlogdReader.PLUGINS.size());
    }

    @Test
    void ulogdRunsUnderSetprivSoThatItEndsWithTheGateway() {
        UlogdReader reader = new UlogdReader(CommandRunner.local(), "ulogd", Path.of("/tmp/u.conf"), line -> { }, up -> { });

        if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            assertThat(reader.command()).containsExactly("/usr/bin/setpriv", "--pdeathsig", "TERM", "--", "ulogd", "-c",
                    "/tmp/u.conf");
        } else {
            assertThat(reader.command()).containsExactly("ulogd", "-c", "/tmp/u.conf");
        }
    }
}
