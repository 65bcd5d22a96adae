package io.egressgate.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway's packages as the architecture page draws them: no loops, and the dataplane knows nothing of the server. */
class ArchitectureTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.egressgate.gateway");

    @Test
    void packagesFormNoLoops() {
        slices().matching("io.egressgate.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    /** The kernel side is driven by desired state; how that state arrives (the server link) is not its business. */
    @Test
    void theDataplaneDoesNotKnowTheServerLink() {
        noClasses().that().resideInAPackage("io.egressgate.gateway.dataplane..")
                .should().dependOnClassesThat().resideInAPackage("io.egressgate.gateway.sync..")
                .check(GATEWAY);
    }
}
