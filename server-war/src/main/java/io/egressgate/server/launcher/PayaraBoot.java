package io.egressgate.server.launcher;

import fish.payara.micro.BootstrapException;
import fish.payara.micro.ClusterCommandResult;
import fish.payara.micro.PayaraMicro;
import fish.payara.micro.PayaraMicroRuntime;
import fish.payara.micro.boot.AdminCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Boots Payara Micro around the WAR packed into this jar, with the database as a JDBC resource. */
final class PayaraBoot {

    /*
     * What the WAR tells the launcher, through the only thing they share: the JVM's system properties.
     * The WAR's io.egressgate.server.startup classes set them under these same names.
     */
    private static final String STARTUP_FAILURE_PROPERTY = "egressgate.startup.failure";
    private static final String SIGN_IN_PROPERTY = "egressgate.startup.sign_in";
    private static final String OPERATOR_COMMAND_PROPERTY = "egressgate.operator_command";
    private static final String OPERATOR_OUTCOME_PROPERTY = "egressgate.operator_command.outcome";

    /** On, Payara's session manager wants a second cookie (JSESSIONIDVERSION) besides JSESSIONID. */
    private static final String SESSIONS_REPLICATED =
            "configs.config.server-config.availability-service.web-container-availability.availability-enabled";

    private final ServerSettings settings;
    private final ServerConfig config;
    private final LogLevel logLevel;

    PayaraBoot(ServerSettings settings, ServerConfig config, LogLevel logLevel) {
        this.settings = settings;
        this.config = config;
        this.logLevel = logLevel;
    }

    /** Runs the server until the JVM is stopped, after one block saying where it is and how to sign in. */
    void start() {
        System.out.println("egress-gate server: starting with the " + settings.database().describe()
                + (logLevel.quiet() ? " (Payara's log from " + logLevel + " up; -log-level INFO shows all of it)" : ""));
        boot();
        ReadyBlock.print(settings, System.getProperty(SIGN_IN_PROPERTY));
    }

    /**
     * Starts the server once, on a port of its own, only to run an operator command inside it, and
     * stops it again.
     *
     * @return the exit code
     */
    int runOperatorCommand(String command) {
        System.setProperty(OPERATOR_COMMAND_PROPERTY, command);
        PayaraMicroRuntime runtime = boot();
        String outcome = System.getProperty(OPERATOR_OUTCOME_PROPERTY);
        try {
            runtime.shutdown();
        } catch (BootstrapException e) {
            // the work is done and committed; the JVM ends right after this anyway
        }
        if (outcome == null) {
            System.err.println("egress-gate-server " + command + ": the server started but did not run the command");
            return 1;
        }
        System.out.println("egress-gate-server " + command + ": " + outcome);
        return 0;
    }

    private PayaraMicroRuntime boot() {
        Path secrets = settings.dataDir().resolve("launcher-secrets.properties");
        exportConfiguration(secrets);
        wipe(settings.runtimeDir());
        createPrivate(settings.runtimeDir());
        // An empty product name keeps Payara's name and version out of the Server header and its error pages.
        System.setProperty("product.name", "");
        PayaraMicroRuntime runtime;
        try {
            PayaraMicro micro = PayaraMicro.getInstance()
                    .setRootDir(settings.runtimeDir().toFile())
                    .setHttpPort(settings.port())
                    .setLogPropertiesFile(logLevel.writeProperties(settings.runtimeDir()).toFile())
                    .setPrintLogo(false);
            List<Consumer<AdminCommandRunner>> preBoot = new ArrayList<>();
            if (settings.sslPort().isPresent()) {
                TlsSetup tls = TlsSetup.from(config, settings.dataDir());
                micro.setSslPort(settings.sslPort().get()).setSslCert(tls.alias());
                preBoot.add(runner -> run(runner, tls.listenerCommands(), "configure the HTTPS listener"));
            }
            Optional<ClusterSettings> cluster = ClusterSettings.from(config);
            if (cluster.isPresent()) {
                System.out.println("egress-gate server: joining the " + cluster.get().describe());
                cluster.get().exportGridProperties();
                // after Payara's own grid settings, which these override
                preBoot.add(runner -> run(runner, cluster.get().preBootCommands(), "configure the data grid"));
            } else {
                // Payara Micro starts its Hazelcast data grid even with --nocluster, listening on every
                // interface (6900+); a server running alone needs none of it.
                micro.setNoHazelcast(true);
                // and keeps its sessions in memory, as a WAR that is not distributable would
                preBoot.add(runner -> run(runner, List.of(List.of("set", SESSIONS_REPLICATED + "=false")),
                        "keep sessions in memory"));
            }
            micro.setPreBootHandler(runner -> preBoot.forEach(step -> step.accept(runner)));
            micro.setPostBootHandler(this::createDataSource);
            if (logLevel.quiet()) {
                // for good: Payara prints it once the deployment is done, from a thread of its own
                System.setOut(PayaraChatter.leftOut(System.out));
            }
            runtime = micro.bootStrap();
        } catch (BootstrapException e) {
            throw new ConfigException("Payara Micro failed to boot: " + e.getMessage());
        } finally {
            // the WAR has read it while it deployed
            delete(secrets);
        }
        String failure = System.getProperty(STARTUP_FAILURE_PROPERTY);
        if (failure != null || runtime.getDeployedApplicationNames().isEmpty()) {
            System.err.println("egress-gate-server: the server did not start: "
                    + (failure != null ? failure : "the application failed to deploy (see the log above)"));
            System.exit(1);
        }
        return runtime;
    }

    /**
     * Configuration reaches the WAR through MicroProfile Config: plain keys as system properties,
     * secrets in a file created 0600 that the WAR's {@code SecretsFile} config source reads (system
     * properties can be listed by any code in the JVM, and by {@code jcmd}). The database password
     * goes only into the pool definition.
     */
    private void exportConfiguration(Path secretsFile) {
        Properties secrets = new Properties();
        config.values().forEach((key, value) -> {
            if (ServerConfig.SECRET_KEYS.contains(key)) {
                secrets.setProperty("egressgate." + key, value);
            } else if (!ServerConfig.DATABASE_KEYS.contains(key)) {
                System.setProperty("egressgate." + key, value);
            }
        });
        System.setProperty("egressgate.data_dir", settings.dataDir().toString());
        delete(secretsFile);
        try {
            Files.createFile(secretsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(secretsFile, StandardCharsets.UTF_8)) {
                secrets.store(out, "egress-gate launcher: read by the server while it starts, then deleted");
            }
        } catch (IOException e) {
            throw new ConfigException("cannot write " + secretsFile + ": " + e.getMessage());
        }
        System.setProperty("egressgate.secrets_file", secretsFile.toString());
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ConfigException("cannot delete " + file + ": " + e.getMessage());
        }
    }

    private void createDataSource(AdminCommandRunner runner) {
        run(runner, settings.database().poolCommands(), "create the JDBC resource");
    }

    /** Runs asadmin commands in-process; their arguments may hold secrets, so a failure never echoes them. */
    private static void run(AdminCommandRunner runner, List<List<String>> commands, String purpose) {
        for (List<String> command : commands) {
            ClusterCommandResult result = runner.run(command.get(0),
                    command.subList(1, command.size()).toArray(String[]::new));
            if (result.getExitStatus() != ClusterCommandResult.ExitStatus.SUCCESS) {
                Throwable cause = result.getFailureCause();
                String why = String.valueOf(cause != null ? cause.getMessage() : result.getOutput());
                throw new ConfigException("cannot " + purpose + " (" + command.get(0) + "): "
                        + why.replaceAll("(?i)(password[^=\\s]*=)\\S+", "$1***"));
            }
        }
    }

    /** Payara writes its domain.xml there, with the pool's URL and so the database password. */
    private static void createPrivate(Path dir) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new ConfigException("cannot create runtime directory " + dir + ": " + e.getMessage());
        }
    }

    private static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("cannot clear runtime directory " + dir + ": " + e.getMessage());
        }
    }
}
