package dev.tandem.orchestrator;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

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
    static final ArchRule adminViewsAreRecordsAndJacksonOnly = classes().that().resideInAPackage("dev.tandem.admin..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", "dev.tandem.admin..")
            .because("the admin API's answers (dev.tandem.admin.view) are shared by the orchestrator that writes them and"
                    + " the clients that read them; build a view from the orchestrator's state in"
                    + " dev.tandem.orchestrator.admin (AdminViews, CheckerViews), not in the record");

    @ArchTest
    static final ArchRule orchestratorServesTheViewsNotTheClient = noClasses().that()
            .resideInAPackage("dev.tandem.orchestrator..")
            .should().dependOnClassesThat().resideInAPackage("dev.tandem.admin.client..")
            .because("the orchestrator writes the admin API's answers (dev.tandem.admin.view); the HTTP client of that"
                    + " API (dev.tandem.admin.client) is for the CLI, the demo and the benchmarks");

    /**
     * The orchestrator's packages (under {@code dev.tandem.orchestrator}), top to bottom. A package
     * may use the packages of the rows below its own and no other: not one above, and not the other
     * package of its row.
     * <pre>
     *   admin                    the admin API, over everything below
     *   api                      the token API: reads and mirrored writes
     *   cutover                  the phase steps: the automatic loop, the ramp, the switch barrier
     *   guard                    what must hold before a step, rollback readiness among it
     *   autorepair               the repair of the checker's divergences as they arrive
     *   backfill | verification  the bulk jobs, run by any instance
     *   checker                  the checker's feed, as this instance reads it
     *   instances                this instance's node id (and with it the version clock), its presence
     *   read                     reads, routed by the phase and the read flag
     *   write                    mirrored writes, the writes in flight, the replay queue
     *   repair                   one token's repair: the merge into both stores, counted
     *   stores                   the two stores and their connections
     *   metrics                  metered stores, the migration's gauges, meter names
     *   control                  the control plane: phase, read flag, fences, the lease
     *   kafka                    topic clients
     *   phase | config           the phases and the read flag; the configuration
     * </pre>
     * Why this order: a step asks the guards, and the guards read the checker, the bulk jobs and the
     * replay queue; the repair worker leaves alone what the backfill will copy and hands a repair that
     * keeps failing to the replay queue, whose worker replays it with the same merge as a repair; every
     * write is admitted by the control plane, and an instance's heartbeat tells how far its writes have
     * drained. Nothing below needs to know who uses it, so each row can be read, and tested, without the
     * rows above.
     */
    static final List<List<String>> ORCHESTRATOR_LAYERS = List.of(
            List.of("admin", "dashboard"),
            List.of("api", "oauth"),
            List.of("cutover"),
            List.of("guard"),
            List.of("autorepair"),
            List.of("backfill", "verification"),
            List.of("checker"),
            List.of("instances"),
            List.of("read", "apps"),
            List.of("write"),
            List.of("repair"),
            List.of("stores"),
            List.of("metrics"),
            List.of("control"),
            List.of("kafka"),
            List.of("phase", "config"));

    @ArchTest
    static final ArchRule orchestratorPackagesDependDownward = orchestratorLayers()
            // Named, or the message would open with every layer and its allowed targets, one line each.
            .as("each package of dev.tandem.orchestrator depends only on the packages below it")
            .because("the orchestrator's packages are layered, top to bottom as LayeringTest.ORCHESTRATOR_LAYERS draws"
                    + " them. If a lower package needs a class of a higher one,"
                    + " move the class down to the package of its concern (what both use belongs to the lower one);"
                    + " if it needs work only the higher one can do, declare a small interface in the lower package"
                    + " and implement it in the higher one (CDI injects the implementation). Change the order itself"
                    + " only as a design change, with docs/design/0009-the-module-map.md");

    /** One layer per package; each row may use only the rows below it. */
    private static LayeredArchitecture orchestratorLayers() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> row : ORCHESTRATOR_LAYERS) {
            for (String layer : row) {
                layers = layers.layer(layer).definedBy("dev.tandem.orchestrator." + layer + "..");
            }
        }
        for (int i = 0; i < ORCHESTRATOR_LAYERS.size(); i++) {
            String[] below = ORCHESTRATOR_LAYERS.subList(i + 1, ORCHESTRATOR_LAYERS.size()).stream()
                    .flatMap(List::stream).toArray(String[]::new);
            for (String layer : ORCHESTRATOR_LAYERS.get(i)) {
                layers = below.length == 0 ? layers.whereLayer(layer).mayNotAccessAnyLayer()
                        : layers.whereLayer(layer).mayOnlyAccessLayers(below);
            }
        }
        return layers;
    }

    @ArchTest
    static final ArchRule nothingImportsATool = noClasses().that().resideOutsideOfPackages("dev.tandem.seed..", "dev.tandem.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.seed..", "dev.tandem.bench..")
            .because("the seeder and the benchmarks fabricate data and load; a production module that needs one of"
                    + " their pieces should own that piece (or take it from the model) instead");

    @ArchTest
    static final ArchRule productionCodeNeverUsesTestSupport = noClasses().that().resideOutsideOfPackage("dev.tandem.testing..")
            .should().dependOnClassesThat().resideInAPackage("dev.tandem.testing..")
            .because("the test harness starts servers and fabricates data; it is a test-scope dependency only");

    @ArchTest
    static final ArchRule productionCodeNeverStartsTheLocalStack = noClasses()
            .that().resideOutsideOfPackages("dev.tandem.stack..", "dev.tandem.launcher..", "dev.tandem.testing..")
            .should().dependOnClassesThat().resideInAPackage("dev.tandem.stack..")
            .because("the local stack runs MariaDB, PostgreSQL and Kafka on a developer's machine (stack/stack.sh,"
                    + " ./tandem's launcher, the test harness); a deployed process connects to servers it is given");
}
