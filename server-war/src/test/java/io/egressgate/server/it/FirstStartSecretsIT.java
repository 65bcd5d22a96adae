package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A first start with no admin token supplied, stdout going to a file (not a terminal), and a
 * console password in the YAML file: the generated token is in a 0600 file, not in the output, and
 * no secret can be listed from outside (process arguments) or inside the JVM (system properties).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstStartSecretsIT {

    private static final String CONSOLE_PASSWORD = "it-console-password-never-listed";

    RunningServer server;

    @BeforeAll
    void boot() throws Exception {
        Path config = Files.createTempFile("egress-gate-it-secrets", ".yaml");
        Files.writeString(config, "admin_password: \"" + CONSOLE_PASSWORD + "\"\nssl_port: " + RunningServer.freePort() + "\n");
        server = new RunningServer("first-start-secrets", config).generatedAdminToken().start();
    }

    @AfterAll
    void shutdown() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theGeneratedAdminTokenIsInAnOwnerOnlyFileAndWorks() throws Exception {
        Path file = server.dataDir().resolve("initial-admin-token");
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(server.api(token).get("/api/v1/entries").status()).isEqualTo(200);
        assertThat(server.api("eg_not-the-token-0123456789").get("/api/v1/entries").status()).isEqualTo(401);
    }

    @Test
    void theTokenIsNotInTheOutputWhenItIsNoTerminalButTheFileIs() throws Exception {
        String token = Files.readString(server.dataDir().resolve("initial-admin-token")).strip();
        String log = server.log();
        assertThat(log).doesNotContain(token).contains(server.dataDir().resolve("initial-admin-token").toString());
    }

    @Test
    void noSecretIsInProcessArgumentsOrSystemProperties() throws Exception {
        String token = Files.readString(server.dataDir().resolve("initial-admin-token")).strip();
        List<String> commandLines = new ArrayList<>();
        ProcessHandle.of(server.pid()).ifPresent(p -> {
            commandLines.add(cmdline(p.pid()));
            p.descendants().forEach(child -> commandLines.add(cmdline(child.pid())));
        });
        assertThat(commandLines).isNotEmpty().allSatisfy(line -> assertThat(line)
                .doesNotContain(CONSOLE_PASSWORD).doesNotContain(token).doesNotContain("storepass "));

        String properties = systemProperties(server.pid());
        String keystorePassword = Files.readString(server.dataDir().resolve("tls").resolve("server.p12.password")).strip();
        assertThat(properties).contains("egressgate.data_dir") // the listing worked
                .doesNotContain(CONSOLE_PASSWORD).doesNotContain(token).doesNotContain(keystorePassword);
        assertThat(server.dataDir().resolve("launcher-secrets.properties")).doesNotExist();
        // Payara's domain.xml holds the pool's URL, with the database password
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.dataDir().resolve("runtime"))))
                .isEqualTo("rwx------");
        // the self-signed keystore's password file, made 0600 from the start
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                server.dataDir().resolve("tls").resolve("server.p12.password")))).isEqualTo("rw-------");
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    private static String systemProperties(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.system_properties")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
