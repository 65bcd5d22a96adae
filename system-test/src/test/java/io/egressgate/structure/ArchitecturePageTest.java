package io.egressgate.structure;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The package tables of the architecture page (index.md, "Code structure") against the compiled
 * classes of each module: every package is listed, and what it uses is what its classes import.
 * When a change adds or removes an arrow, the failure prints the table as the code now has it.
 */
class ArchitecturePageTest {

    private static final Path PAGE = Path.of("..", "src", "site", "markdown", "index.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\|.*\\| (.+) \\|$");
    private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Server packages,         server-war,  io.egressgate.server",
        "Gateway packages,        gateway-jar, io.egressgate.gateway",
        "Route manager packages,  route-jar,   io.egressgate.route",
        "Shared packages,         common-jar,  io.egressgate",
    })
    void thePageDrawsThePackagesAsTheCodeHasThem(String heading, String module, String root) throws IOException {
        Path classes = Path.of("..", module, "target", "classes");
        assertThat(classes).as("built before this test (the reactor builds %s first)", module).isDirectory();
        Map<String, Set<String>> code = uses(new ClassFileImporter().importPath(classes), root);
        assertThat(drawn(heading)).as("the table under '### %s' in %s; as the code has it:%n%s", heading, PAGE,
                table(code)).isEqualTo(code);
    }

    /** Each package directly below {@code root} and the others below it its classes use. */
    private static Map<String, Set<String>> uses(JavaClasses classes, String root) {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass type : classes) {
            String from = slice(type.getPackageName(), root);
            if (from == null) {
                continue;
            }
            Set<String> targets = uses.computeIfAbsent(from, key -> new TreeSet<>());
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = slice(dependency.getTargetClass().getPackageName(), root);
                if (to != null && !to.equals(from)) {
                    targets.add(to);
                }
            }
        }
        return uses;
    }

    private static String slice(String packageName, String root) {
        if (!packageName.startsWith(root + ".")) {
            return null;
        }
        return packageName.substring(root.length() + 1).split("\\.")[0];
    }

    private static Map<String, Set<String>> drawn(String heading) throws IOException {
        List<String> lines = Files.readAllLines(PAGE);
        int start = lines.indexOf("### " + heading);
        assertThat(start).as("heading '### %s' in %s", heading, PAGE).isNotNegative();
        Map<String, Set<String>> drawn = new TreeMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                Set<String> used = new TreeSet<>();
                Matcher name = NAME.matcher(row.group(2));
                while (name.find()) {
                    used.add(name.group(1));
                }
                drawn.put(row.group(1), used);
            }
        }
        return drawn;
    }

    private static String table(Map<String, Set<String>> uses) {
        return uses.entrySet().stream().map(e -> "| `" + e.getKey() + "` | … | " + (e.getValue().isEmpty() ? "—"
                        : e.getValue().stream().map(p -> "`" + p + "`").collect(Collectors.joining(", "))) + " |")
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
