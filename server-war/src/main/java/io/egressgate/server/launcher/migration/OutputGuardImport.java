package io.egressgate.server.launcher.migration;

import io.egressgate.server.launcher.ConfigException;
import io.egressgate.server.launcher.DatabaseTarget;
import io.egressgate.server.launcher.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar egress-gate-server.jar import-outputguard -source-conf-path outputguard.yaml
 * -server http://127.0.0.1:8080 -token-file admin.token}.
 */
@Command(name = "egress-gate-import-outputguard", mixinStandardHelpOptions = true,
        version = "egress-gate outputGuard import 0.1.0", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Imports the allowlist of outputGuard (the Go original) from its MySQL table crawler_proxies"
                + " into a running egress-gate server, through the server's API: up to 10,000 entries a call, each"
                + " call one revision.",
                "A domain becomes one domain entry (the server resolves it again itself), a *.example.com one"
                        + " wildcard entry; an IP or CIDR becomes an"
                        + " address entry; is_no_del becomes locked. Rows outputGuard marked private (is_local_net)"
                        + " are reported and skipped. Values already on the server are left as they are, so"
                        + " running the import again is safe."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every entry was imported or already there (private rows are skipped, not failures)",
                "  1  the import did not finish or the server rejected entries (see the lines marked 'rejected')",
                "  2  a flag or the configuration file is wrong"})
public final class OutputGuardImport implements Callable<Integer> {

    static final String TOKEN_VARIABLE = "EGRESS_GATE_TOKEN";

    @Spec
    CommandSpec spec;

    @Option(names = {"-source-conf-path", "--source-conf-path"}, paramLabel = "FILE", required = true,
            description = "outputGuard's server configuration (the file its -server-conf-path named): db_user,"
                    + " db_password, db_server, db_port, db_name of its MySQL database.")
    Path sourceConfig;

    @Option(names = {"-table", "--table"}, paramLabel = "NAME", defaultValue = OutputGuardRow.DEFAULT_TABLE,
            description = "Table to read (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = {"-server", "--server"}, paramLabel = "URL",
            description = "The egress-gate server to import into, e.g. http://127.0.0.1:8080. Required unless -dry-run.")
    URI server;

    @Option(names = {"-token-file", "--token-file"}, paramLabel = "FILE",
            description = "File holding an admin API token (default: the environment variable " + TOKEN_VARIABLE
                    + "). Entries are recorded as added by this token's name.")
    Path tokenFile;

    @Option(names = {"-keep-resolved-addresses", "--keep-resolved-addresses"},
            description = "Also add the public addresses outputGuard had resolved each domain to, as unlocked address"
                    + " entries. Without it the server's resolver finds a domain's current addresses itself.")
    boolean keepResolvedAddresses;

    @Option(names = {"-dry-run", "--dry-run"},
            description = "Read the table and print what would be imported and what would be skipped; send nothing.")
    boolean dryRun;

    /** The subcommand, with its own exit codes for flag and configuration errors. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OutputGuardImport());
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("egress-gate-import-outputguard: " + e.getMessage() + " (see --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("egress-gate-import-outputguard: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (server == null && !dryRun) {
            throw new ConfigException("-server is required (the egress-gate server to import into), or use -dry-run");
        }
        String token = dryRun ? null : token();
        List<OutputGuardRow> rows;
        try {
            rows = readRows();
        } catch (SQLException e) {
            err.println("egress-gate-import-outputguard: cannot read " + table + ": " + e.getMessage());
            return 1;
        }
        ImportPlan plan = ImportPlan.of(rows, keepResolvedAddresses);
        plan.skipped().forEach(skip -> out.printf("skipped    %-40s %s%n", skip.value(), skip.reason()));
        ImportReport report = new ImportReport(out);
        if (dryRun) {
            plan.entries().forEach(report::planned);
        } else {
            EntriesClient client = new EntriesClient(server, token);
            List<ImportPlan.Entry> entries = plan.entries();
            for (int from = 0; from < entries.size(); from += EntriesClient.BATCH) {
                List<ImportPlan.Entry> batch = entries.subList(from, Math.min(entries.size(), from + EntriesClient.BATCH));
                try {
                    List<EntriesClient.Outcome> outcomes = client.add(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        report.outcome(batch.get(i), outcomes.get(i));
                    }
                } catch (EntriesClient.Stopped e) {
                    report.summary(plan, dryRun);
                    err.println("egress-gate-import-outputguard: stopped: " + e.getMessage()
                            + " (entries imported so far stay; running the import again is safe)");
                    return 1;
                }
            }
        }
        report.summary(plan, dryRun);
        return report.rejected() > 0 ? 1 : 0;
    }

    private String token() {
        if (tokenFile != null) {
            try {
                return Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new ConfigException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        String token = System.getenv(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            throw new ConfigException("an admin token is needed: -token-file FILE or the environment variable "
                    + TOKEN_VARIABLE);
        }
        return token.strip();
    }

    private List<OutputGuardRow> readRows() throws SQLException {
        ServerConfig config = ServerConfig.read(sourceConfig);
        if (!config.usesMysql()) {
            throw new ConfigException(sourceConfig + " names no MySQL database (db_user, db_password, db_server,"
                    + " db_port, db_name)");
        }
        DatabaseTarget.Mysql database = (DatabaseTarget.Mysql) DatabaseTarget.from(config, Path.of("."));
        Properties credentials = new Properties();
        credentials.setProperty("user", database.user());
        credentials.setProperty("password", database.password());
        String url = "jdbc:mysql://" + database.host() + ":" + database.port() + "/" + database.database()
                + "?connectTimeout=10000&socketTimeout=300000&allowPublicKeyRetrieval=true" + database.tls().urlParameters();
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            connection.setReadOnly(true);
            return OutputGuardRow.readAll(connection, table);
        }
    }
}
