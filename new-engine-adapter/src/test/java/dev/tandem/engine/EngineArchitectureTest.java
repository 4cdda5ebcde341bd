package dev.tandem.engine;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The adapter's layering, checked by the build rather than remembered. */
@AnalyzeClasses(packages = "dev.tandem.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoOtherTandemModule = noClasses().that().resideInAPackage("dev.tandem.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.legacy..", "dev.tandem.orchestrator..",
                    "dev.tandem.checker..", "dev.tandem.testing..")
            .because("the engine adapter is a library of the model's port: the orchestrator wires adapters together,"
                    + " never the other way round; move shared code into token-model");

    @ArchTest
    static final ArchRule staysFrameworkFree = noClasses().that().resideInAPackage("dev.tandem.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.enterprise..", "jakarta.inject..")
            .because("the adapter must run and be tested without Quarkus: take the Mutiny.SessionFactory as a"
                    + " constructor argument and let the application produce the beans");

    @ArchTest
    static final ArchRule schemaKnowsNoBehaviour = noClasses().that().resideInAPackage("dev.tandem.engine.schema..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.engine", "dev.tandem.engine.signing..")
            .because("schema holds tables and their mappings only; the stores that use them depend on it, not the reverse");

    @ArchTest
    static final ArchRule tokenStoreKnowsNoSigning = noClasses().that().resideInAPackage("dev.tandem.engine")
            .should().dependOnClassesThat().resideInAPackage("dev.tandem.engine.signing..")
            .because("storing tokens and signing them are separate concerns; the store records a kid as plain text");
}
