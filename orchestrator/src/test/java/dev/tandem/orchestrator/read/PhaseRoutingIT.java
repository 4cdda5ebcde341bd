package dev.tandem.orchestrator.read;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.testing.RandomTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every phase on the real servers: a write lands in the stores the phase names (read back from
 * both databases directly), a read is served by the store the phase and flag name (each store's
 * copy is marked behind Tandem's back, so the answer shows who served it), and a write
 * acknowledged just before a flag flip is read back right after it.
 */
@QuarkusTest
@TestProfile(PhaseRoutingIT.EveryReadShadowed.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class PhaseRoutingIT {
    private static final String LEGACY_MARK = "served-by-legacy";
    private static final String ENGINE_MARK = "served-by-engine";

    /** Every SHADOW_READ read is compared; a patient mirror, as where a write lands is checked at once. */
    public static class EveryReadShadowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.shadow-read.sample-percent", "100", "tandem.write.mirror-timeout-ms", "15000");
        }
    }

    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Inject
    ControlPlane control;
    @Inject
    MeterRegistry registry;

    /*
     * Rows run in this order; ENGINE_ONLY comes last because nothing leads back from it.
     * writes: which stores a write reaches; reads: who serves with that flag and ramp;
     * flipTo: a flag whose flip must not hide a write acknowledged just before it.
     */
    @ParameterizedTest(name = "{0} with flag {1} ramp {2}: writes {3}, reads {4}")
    @CsvSource({
            "LEGACY_ONLY,  AUTO,   100, legacy,        LEGACY, LEGACY",
            "LEGACY_ONLY,  ENGINE, 100, legacy,        LEGACY, AUTO",
            "DUAL_WRITE,   AUTO,   100, legacy+engine, LEGACY, ENGINE",
            "DUAL_WRITE,   ENGINE, 100, legacy+engine, ENGINE, LEGACY",
            "SHADOW_READ,  AUTO,   100, legacy+engine, LEGACY, ENGINE",
            "SHADOW_READ,  ENGINE, 100, legacy+engine, ENGINE, AUTO",
            "READ_ENGINE,  AUTO,   100, legacy+engine, ENGINE, LEGACY",
            "READ_ENGINE,  AUTO,   0,   legacy+engine, LEGACY, ENGINE",
            "READ_ENGINE,  LEGACY, 100, legacy+engine, LEGACY, ENGINE",
            "WRITE_ENGINE, AUTO,   100, legacy+engine, ENGINE, LEGACY",
            "WRITE_ENGINE, LEGACY, 100, legacy+engine, LEGACY, AUTO",
            "ENGINE_ONLY,  AUTO,   100, engine,        ENGINE, ENGINE",
            "ENGINE_ONLY,  ENGINE, 100, engine,        ENGINE, AUTO",
    })
    void writesLandAndReadsAreServedWhereThePhaseAndFlagSay(MigrationPhase phase, ReadFlag flag, int ramp,
                                                            String writes, Store reads, ReadFlag flipTo) {
        Control.set(control, phase, ReadFlag.AUTO, ramp);
        TokenRecord token = TokenBodies.token(random);
        long version = put(token);

        boolean inLegacy = writes.contains("legacy");
        boolean inEngine = writes.contains("engine");
        assertRow(StoreRows.legacy(token.id()), inLegacy, version, "legacy");
        assertRow(StoreRows.engine(token.id()), inEngine, version, "engine");

        Control.set(control, phase, flag, ramp);
        if (inLegacy) {
            StoreRows.markLegacy(token.id(), LEGACY_MARK);
        }
        if (inEngine) {
            StoreRows.markEngine(token.id(), ENGINE_MARK);
        }
        double mismatchesBefore = shadowMismatches("clientId");
        assertThat(get(token).get("clientId")).as("client id served in %s with flag %s", phase, flag)
                .isEqualTo(reads == Store.LEGACY ? LEGACY_MARK : ENGINE_MARK);
        if (phase == MigrationPhase.SHADOW_READ) {
            await("shadow read counts the marked clientId").atMost(Duration.ofSeconds(10))
                    .until(() -> shadowMismatches("clientId") > mismatchesBefore);
        }

        // Read-your-writes across a flip: acknowledged, flipped, read back at once.
        TokenRecord fresh = TokenBodies.token(random);
        long freshVersion = put(fresh);
        Control.flag(control, flipTo);
        assertThat(get(fresh).get("version")).as("version read right after flipping to %s", flipTo)
                .isEqualTo(freshVersion);
    }

    private double shadowMismatches(String field) {
        return registry.find(TandemMetrics.SHADOW_MISMATCHES).tag("field", field).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static void assertRow(Optional<StoreRows.Row> row, boolean expected, long version, String store) {
        if (expected) {
            assertThat(row).as("row in %s", store).isPresent();
            assertThat(row.get().version()).as("version in %s", store).isEqualTo(version);
        } else {
            assertThat(row).as("row in %s", store).isEmpty();
        }
    }

    private static long put(TokenRecord token) {
        return store().contentType(ContentType.JSON).body(TokenBodies.of(token)).put("/v1/tokens/{id}", token.id())
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }

    private static Map<String, Object> get(TokenRecord token) {
        return store().get("/v1/tokens/{id}", token.id()).then().statusCode(200).extract().jsonPath().getMap("");
    }
}
