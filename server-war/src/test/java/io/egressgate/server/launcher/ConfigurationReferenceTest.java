package io.egressgate.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.deploy.MarkdownPage;
import io.egressgate.server.deploy.Repository;
import io.egressgate.server.launcher.migration.OutputGuardImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The site's configuration reference lists exactly the flags and keys the programs have: read from
 * the server's own command model and {@link ServerConfig#KEYS}, and from the {@code @Option}
 * declarations in the gateway's and the route manager's sources (their classes are not on this
 * module's class path, by design).
 */
class ConfigurationReferenceTest {

    private static final Pattern OPTION = Pattern.compile("@Option\\s*\\(\\s*names\\s*=\\s*(\\{[^}]*}|\"[^\"]*\")");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final List<List<String>> STANDARD_HELP = List.of(List.of("-h", "--help"), List.of("-V", "--version"));

    private final MarkdownPage configuration = MarkdownPage.of(Repository.site().resolve("markdown/configuration.md"));

    @Test
    void everyServerFlagIsDocumentedAndNothingElse() {
        assertDocumented(configuration.firstColumnCode("Flags"), picocliOptions(new CommandLine(new Main())));
    }

    @Test
    void everyConfigurationKeyIsDocumentedAndNothingElse() {
        assertThat(configuration.firstColumnCode("Configuration file (YAML keys)"))
                .containsExactlyInAnyOrderElementsOf(ServerConfig.KEYS.keySet());
    }

    @Test
    void everyGatewayFlagIsDocumentedAndNothingElse() throws IOException {
        List<List<String>> options = sourceOptions(Repository.root().resolve("gateway-jar/src/main/java"));
        assertThat(options.stream().flatMap(List::stream)).as("the parser found the gateway's flags")
                .contains("-iptables-wss-server", "-token-file", "-state-dir", "-metrics-port", "--uninstall");
        assertDocumented(configuration.firstColumnCode("Gateway"), options);
    }

    @Test
    void everyRouteManagerFlagIsDocumentedAndNothingElse() throws IOException {
        List<List<String>> options = sourceOptions(Repository.root().resolve("route-jar/src/main/java"));
        assertThat(options.stream().flatMap(List::stream)).as("the parser found the route manager's flags")
                .contains("-iptables-gateway", "-iptables-gateway6", "-interval", "-remove", "--help");
        assertDocumented(configuration.firstColumnCode("Route manager"), options);
    }

    @Test
    void everyImportFlagIsDocumentedOnTheMigrationPage() {
        MarkdownPage migration = MarkdownPage.of(Repository.site().resolve("markdown/migration.md"));
        assertDocumented(migration.firstColumnCode("Flags"), picocliOptions(new CommandLine(new OutputGuardImport())));
    }

    /** Each option is listed under one of its names at least, and every name listed is an option's. */
    private static void assertDocumented(Set<String> listed, List<List<String>> options) {
        for (List<String> names : options) {
            assertThat(names).as("a row for option %s", names).containsAnyElementsOf(listed);
        }
        assertThat(listed).as("flags on the page that the program does not have")
                .allSatisfy(flag -> assertThat(options).anySatisfy(names -> assertThat(names).contains(flag)));
    }

    private static List<List<String>> picocliOptions(CommandLine commandLine) {
        return commandLine.getCommandSpec().options().stream().map(OptionSpec::names).map(List::of).toList();
    }

    private static List<List<String>> sourceOptions(Path sources) throws IOException {
        List<List<String>> options = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher option = OPTION.matcher(code);
                while (option.find()) {
                    Set<String> names = new LinkedHashSet<>();
                    Matcher name = QUOTED.matcher(option.group(1));
                    while (name.find()) {
                        names.add(name.group(1));
                    }
                    options.add(List.copyOf(names));
                }
                if (code.contains("mixinStandardHelpOptions = true")) {
                    options.addAll(STANDARD_HELP);
                }
            }
        }
        return options;
    }
}
