package io.egressgate.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The structure the architecture page draws, checked on the compiled classes: packages named after
 * business concepts that form no loops, and the launcher (which runs outside the WAR, in the runnable
 * jar's own class path) kept apart from the WAR in both directions.
 */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.egressgate.server");

    @Test
    void packagesFormNoLoops() {
        slices().matching("io.egressgate.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }

    /** Launcher classes are not packed into the WAR: a WAR class that used one would fail only when deployed. */
    @Test
    void theWarNeverUsesTheLauncher() {
        noClasses().that().resideOutsideOfPackage("io.egressgate.server.launcher..")
                .should().dependOnClassesThat().resideInAPackage("io.egressgate.server.launcher..")
                .check(SERVER);
    }

    /** The launcher boots Payara before the WAR exists; it talks to the WAR only through system properties. */
    @Test
    void theLauncherUsesNothingOfTheWar() {
        noClasses().that().resideInAPackage("io.egressgate.server.launcher..")
                .should().dependOnClassesThat(resideInAPackage("io.egressgate.server..")
                        .and(not(resideInAPackage("io.egressgate.server.launcher.."))))
                .check(SERVER);
    }
}
