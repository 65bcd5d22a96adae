package io.egressgate.server.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar egress-gate-server.jar [-server-conf-path conf.yaml] [-data-dir dir] [-port n]}. */
@Command(name = "egress-gate-server", mixinStandardHelpOptions = true, version = "egress-gate server 0.1.0",
        sortOptions = false,
        description = {"Runs the egress-gate server: the allowlist API (/api/v1), the gateway channel "
                + "(/ws/gateway), metrics (/metrics) and health (/health).",
                "Without -server-conf-path it keeps its data in an embedded H2 database under -data-dir."},
        footer = {"", "Configuration keys (YAML, snake_case):%n" + "%s"})
public final class Main implements Callable<Integer> {

    @Option(names = {"-server-conf-path", "--server-conf-path"}, paramLabel = "FILE",
            description = "YAML configuration file; with db_user, db_password, db_server, db_port and db_name the server uses MySQL.")
    Path configFile;

    @Option(names = {"-data-dir", "--data-dir"}, paramLabel = "DIR",
            description = "Directory of the embedded database and runtime files (default: ./data, or data_dir from the configuration).")
    Path dataDir;

    @Option(names = {"-port", "--port"}, paramLabel = "PORT",
            description = "HTTP port (default: 8080, or port from the configuration).")
    Integer port;

    @Option(names = {"-ssl-port", "--ssl-port"}, paramLabel = "PORT",
            description = "HTTPS and wss:// port (default: off, or ssl_port from the configuration).")
    Integer sslPort;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.getCommandSpec().usageMessage().footer(
                "", "Configuration keys (YAML, snake_case):", configKeysHelp());
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("egress-gate-server: " + e.getMessage() + " (see --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("egress-gate-server: " + e.getMessage());
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
        ServerConfig.KEYS.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> help.append(String.format("  %-26s %s%n", e.getKey(), e.getValue())));
        return help.toString();
    }

    @Override
    public Integer call() {
        ServerConfig config = configFile == null ? ServerConfig.empty() : ServerConfig.read(configFile);
        ServerSettings settings = ServerSettings.of(config, dataDir, port, sslPort);
        settings.database().checkReachable();
        new PayaraBoot(settings, config).start();
        return 0;
    }
}
