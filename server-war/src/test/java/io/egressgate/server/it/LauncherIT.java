package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runnable jar's command line: every operator mistake is one clear line and a non-zero exit. */
class LauncherIT {

    record Outcome(int exit, String output) {
    }

    static Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", RunningServer.jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("launcher did not exit: " + command);
        }
        return new Outcome(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }

    static Path yaml(String text) throws Exception {
        Path file = Files.createTempFile("egress-gate-launcher", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    static void assertOneClearLine(Outcome outcome, String expected) {
        assertThat(outcome.exit()).isNotZero();
        assertThat(outcome.output().strip().lines().count()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingConfigurationFile() throws Exception {
        assertOneClearLine(run("-server-conf-path", "/nonexistent/egress.yaml"), "does not exist");
    }

    @Test
    void badYaml() throws Exception {
        assertOneClearLine(run("--server-conf-path", yaml("db_user: [unclosed\n").toString()), "not valid YAML");
    }

    @Test
    void anUnknownKeyIsNamed() throws Exception {
        assertOneClearLine(run("-server-conf-path", yaml("db_usr: root\n").toString()), "unknown key(s)");
    }

    @Test
    void incompleteDatabaseKeys() throws Exception {
        assertOneClearLine(run("-server-conf-path", yaml("db_user: root\ndb_server: 127.0.0.1\n").toString()),
                "lacks db_password, db_port, db_name");
    }

    @Test
    void anUnreachableDatabaseNeverLogsThePassword() throws Exception {
        Outcome outcome = run("-server-conf-path", yaml("db_user: egress\ndb_password: s3cret-pw\n"
                + "db_server: 127.0.0.1\ndb_port: \"" + RunningServer.freePort() + "\"\ndb_name: egress\n").toString(),
                "-data-dir", Files.createTempDirectory("egress-gate-launcher").toString());
        assertOneClearLine(outcome, "cannot use MySQL database egress at 127.0.0.1");
        assertThat(outcome.output()).doesNotContain("s3cret-pw");
    }

    @Test
    void anOperatorCommandOnADataDirectoryWithoutADatabaseChangesNothing() throws Exception {
        Path empty = Files.createTempDirectory("egress-gate-launcher");
        Outcome outcome = run("reset-epoch", "-data-dir", empty.toString());
        assertOneClearLine(outcome, "egress-gate-server reset-epoch: there is no database at "
                + empty.resolve("egressgate.mv.db") + " (wrong -data-dir?)");
        assertThat(empty.resolve("egressgate.mv.db")).doesNotExist();
    }

    @Test
    void anUnknownFlag() throws Exception {
        assertOneClearLine(run("-bogus"), "see --help");
    }

    @Test
    void helpDocumentsEveryFlagAndKey() throws Exception {
        Outcome outcome = run("--help");
        assertThat(outcome.exit()).isZero();
        assertThat(outcome.output()).contains("-server-conf-path", "-data-dir", "-port", "-ssl-port",
                "db_user", "db_password", "db_server", "db_port", "db_name", "resolve_interval", "admin_token");
    }
}
