package io.egressgate.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.launcher.Main;
import io.egressgate.server.launcher.ServerConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's systemd unit, container image and example configuration start it the way it accepts. */
class ServerInstallationFilesTest {

    private static final String JAR = "/opt/egress-gate/egress-gate-server.jar";

    @Test
    void theSystemdUnitStartsTheJarWithAcceptedFlagsAndNoPrivileges() {
        String unit = Repository.read(Repository.deploy().resolve("systemd/egress-gate-server.service"));
        String execStart = unit.replace("\\\n", " ").lines().filter(line -> line.startsWith("ExecStart="))
                .findFirst().orElseThrow();
        List<String> words = Arrays.asList(execStart.strip().split("\\s+"));
        List<String> args = words.subList(words.indexOf(JAR) + 1, words.size());

        new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
        assertThat(words).anySatisfy(word -> assertThat(word).startsWith("-Xmx"));
        assertThat(args).containsSubsequence("-server-conf-path", "/etc/egress-gate/server.yaml");
        assertThat(args).containsSubsequence("-data-dir", "/var/lib/egress-gate");
        assertThat(unit).contains("User=egress-gate\n", "CapabilityBoundingSet=\n", "NoNewPrivileges=yes\n",
                "StateDirectory=egress-gate\n", "SuccessExitStatus=143\n", "RestartPreventExitStatus=2\n");
    }

    @Test
    void theImageRunsTheJarAsAnUnprivilegedUserWithAcceptedFlags() {
        String dockerfile = Repository.read(Repository.deploy().resolve("server/Dockerfile"));
        List<String> entrypoint = jsonArray(dockerfile, "ENTRYPOINT");
        List<String> cmd = jsonArray(dockerfile, "CMD");

        assertThat(entrypoint).containsSubsequence("-jar", JAR);
        new CommandLine(new Main()).parseArgs(cmd.toArray(String[]::new));
        assertThat(dockerfile).contains("COPY server-war/target/egress-gate-server.jar " + JAR, "USER 10001:10001",
                "EXPOSE 8080 8181");
    }

    @Test
    void theExampleConfigurationIsAcceptedByTheServer() {
        ServerConfig config = ServerConfig.read(Repository.deploy().resolve("server/server.yaml"));

        assertThat(config.usesMysql()).isTrue();
        assertThat(config.get("ssl_port")).contains("8181");
        assertThat(config.get("data_dir")).contains("/var/lib/egress-gate");
    }

    private static List<String> jsonArray(String dockerfile, String instruction) {
        String line = dockerfile.lines().filter(l -> l.startsWith(instruction + " ")).findFirst().orElseThrow();
        String array = line.substring(instruction.length()).strip();
        assertThat(array).startsWith("[").endsWith("]");
        return Arrays.stream(array.substring(1, array.length() - 1).split(","))
                .map(word -> word.strip().replaceAll("^\"|\"$", "")).toList();
    }
}
