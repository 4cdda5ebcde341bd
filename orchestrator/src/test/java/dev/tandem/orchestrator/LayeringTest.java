package dev.tandem.orchestrator;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of DESIGN.md, kept by the build rather than by memory. The Maven module graph
 * already stops an adapter from importing the orchestrator; these rules also hold inside one
 * class path and say how to fix a violation.
 */
@AnalyzeClasses(packages = "dev.tandem", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule modelKnowsNoStore = noClasses().that().resideInAPackage("dev.tandem.model..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.tandem.legacy..", "dev.tandem.engine..", "dev.tandem.orchestrator..",
                    "io.vertx..", "org.hibernate..", "jakarta.persistence..", "java.sql..")
            .because("the canonical model is the neutral ground both stores are compared on; "
                    + "move store- or framework-specific code into the adapter that needs it");

    @ArchTest
    static final ArchRule legacyAdapterKnowsOnlyTheModel = noClasses().that().resideInAPackage("dev.tandem.legacy..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.engine..", "dev.tandem.orchestrator..")
            .because("an adapter maps one store to the canonical model and nothing else; "
                    + "cross-store logic belongs in the orchestrator or the checker");

    @ArchTest
    static final ArchRule engineAdapterKnowsOnlyTheModel = noClasses().that().resideInAPackage("dev.tandem.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.legacy..", "dev.tandem.orchestrator..")
            .because("an adapter maps one store to the canonical model and nothing else; "
                    + "cross-store logic belongs in the orchestrator or the checker");

    @ArchTest
    static final ArchRule checkerContractCarriesOnlyData = noClasses().that().resideInAPackage("dev.tandem.contract..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.checker..", "dev.tandem.orchestrator..",
                    "dev.tandem.legacy..", "dev.tandem.engine..", "org.apache.kafka..")
            .because("the checker's contract is what the checker and the orchestrator share: records and their JSON"
                    + " over the model; logic of either process belongs in that process's module");

    @ArchTest
    static final ArchRule orchestratorReadsTheCheckerThroughItsContract = noClasses().that()
            .resideInAPackage("dev.tandem.orchestrator..")
            .should().dependOnClassesThat().resideInAPackage("dev.tandem.checker..")
            .because("the orchestrator and the checker are two processes that meet in Kafka; what the orchestrator"
                    + " reads of the checker lives in checker-contract (dev.tandem.contract)");

    @ArchTest
    static final ArchRule nothingImportsATool = noClasses().that().resideOutsideOfPackages("dev.tandem.seed..", "dev.tandem.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.seed..", "dev.tandem.bench..")
            .because("the seeder and the benchmarks fabricate data and load; a production module that needs one of"
                    + " their pieces should own that piece (or take it from the model) instead");

    @ArchTest
    static final ArchRule productionCodeNeverUsesTestSupport = noClasses().that().resideOutsideOfPackage("dev.tandem.testing..")
            .should().dependOnClassesThat().resideInAPackage("dev.tandem.testing..")
            .because("the test harness starts servers and fabricates data; it is a test-scope dependency only");
}
