package io.egressgate.server.launcher;

import io.egressgate.server.launcher.migration.OutputGuardImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar egress-gate-server.jar [-server-conf-path conf.yaml] [-data-dir dir] [-port n]}, and
 * the operator commands {@code import-outputguard}, {@code reset-admin} and {@code reset-epoch}.
 */
@Command(name = "egress-gate-server", mixinStandardHelpOptions = true, version = "egress-gate server 0.1.0",
        sortOptions = false,
        description = {"Runs the egress-gate server: the allowlist API (/api/v1), the gateway channel "
                + "(/ws/gateway), metrics (/metrics) and health (/health).",
                "Without -server-conf-path it keeps its data in an embedded H2 database under -data-dir."},
        subcommands = {Main.ResetAdmin.class, Main.ResetEpoch.class})
public final class Main implements Callable<Integer> {

    @Mixin
    Location location;

    @Option(names = {"-port", "--port"}, paramLabel = "PORT",
            description = "HTTP port (default: 8080, or port from the configuration).")
    Integer port;

    @Option(names = {"-ssl-port", "--ssl-port"}, paramLabel = "PORT",
            description = "HTTPS and wss:// port (default: off, or ssl_port from the configuration).")
    Integer sslPort;

    @Mixin
    Logging logging;

    /** Where the server's configuration and data are: the same flags for the server and its operator commands. */
    static final class Location {
        @Option(names = {"-server-conf-path", "--server-conf-path"}, paramLabel = "FILE",
                description = "YAML configuration file; with db_user, db_password, db_server, db_port and db_name"
                        + " the server uses MySQL.")
        Path configFile;

        @Option(names = {"-data-dir", "--data-dir"}, paramLabel = "DIR",
                description = "Directory of the embedded database and runtime files (default: ./data, or data_dir"
                        + " from the configuration).")
        Path dataDir;

        ServerConfig config() {
            return configFile == null ? ServerConfig.empty() : ServerConfig.read(configFile);
        }
    }

    static final class Logging {
        @Option(names = {"-log-level", "--log-level"}, paramLabel = "LEVEL", defaultValue = "WARNING",
                description = "Payara's own log from this level up: SEVERE, WARNING (default), INFO (all of its"
                        + " start-up log), CONFIG, FINE, FINER, FINEST. The server's own lines are always shown.")
        LogLevel level;
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        CommandLine importer = OutputGuardImport.commandLine();
        // taken before the handlers below, which picocli hands down to every subcommand
        CommandLine.IExecutionExceptionHandler importerFailures = importer.getExecutionExceptionHandler();
        commandLine.addSubcommand("import-outputguard", importer);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.getCommandSpec().usageMessage().footer(
                "", "Configuration keys (YAML, snake_case):", configKeysHelp());
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (cmd == importer) {
                // the import keeps its own exit codes (2 for a flag or configuration mistake)
                return importerFailures.handleExecutionException(e, cmd, parsed);
            }
            if (e instanceof ConfigException) {
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 1;
            }
            throw e;
        });
        int exit = commandLine.execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    private static String configKeysHelp() {
        StringBuilder help = new StringBuilder();
        ServerConfig.KEYS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> help.append(String.format("  %-26s %s%n", e.getKey(), e.getValue())));
        return help.toString();
    }

    @Override
    public Integer call() {
        ServerConfig config = location.config();
        ServerSettings settings = ServerSettings.of(config, location.dataDir, port, sslPort);
        settings.database().checkReachable();
        new PayaraBoot(settings, config, logging.level).start();
        return 0;
    }

    /** The recovery commands: the server starts once on a private port, runs the command inside, and stops. */
    abstract static class RecoveryCommand implements Callable<Integer> {
        @Mixin
        Location location;

        @Mixin
        Logging logging;

        abstract String name();

        @Override
        public Integer call() {
            ServerConfig config = location.config();
            ServerSettings settings = ServerSettings.of(config, location.dataDir, freeLoopbackPort(), null)
                    .withoutTls();
            settings.database().checkReachable();
            settings.database().checkNotInUse();
            return new PayaraBoot(settings, config, logging.level).runOperatorCommand(name());
        }

        private static int freeLoopbackPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new ConfigException("cannot find a free port for the command: " + e.getMessage());
            }
        }
    }

    @Command(name = "reset-admin", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"When every admin token and console admin is lost: makes a new admin API token, writes it"
                    + " to <data-dir>/reset-admin-token (readable by this user only), and makes the console user"
                    + " 'admin' an admin whose password is that token. Other tokens and users stay as they are;"
                    + " the audit log records both changes.",
                    "Needs what the server needs: the same -server-conf-path and -data-dir. With the embedded H2"
                            + " database, stop the server first; with MySQL it may keep running."})
    static final class ResetAdmin extends RecoveryCommand {
        @Override
        String name() {
            return "reset-admin";
        }
    }

    @Command(name = "reset-epoch", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"After restoring the database from a backup: gives the allowlist a new epoch, so that every"
                    + " gateway takes a whole snapshot when it next connects instead of a delta from a revision"
                    + " the restored database may number differently. The audit log records it.",
                    "Stop every server instance first, run this once with the same -server-conf-path and"
                            + " -data-dir, then start them again."})
    static final class ResetEpoch extends RecoveryCommand {
        @Override
        String name() {
            return "reset-epoch";
        }
    }
}
