package dev.tandem.orchestrator.write;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.orchestrator.testing.TestStackPostgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mirror's server dies during DUAL_WRITE: PostgreSQL of the test stack is stopped with
 * {@code pg_ctl -m immediate} (a crash, not a shutdown). Writes keep succeeding on legacy, each
 * failed mirror write is counted, reads keep being answered (from legacy, even with the flag on
 * the engine, and in SHADOW_READ where every shadow read fails), and nothing acknowledged is
 * missing from legacy. PostgreSQL is started again
 * afterwards in any case, and mirroring resumes by itself.
 */
@QuarkusTest
@TestProfile(MirrorTargetDownIT.EveryReadShadowed.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class MirrorTargetDownIT {
    /** Every SHADOW_READ read also reads the engine, so the outage meets every shadow read. */
    public static class EveryReadShadowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.shadow-read.sample-percent", "100");
        }
    }

    private static final int WRITES_WHILE_DOWN = 40;

    @Inject
    ControlPlane control;
    @Inject
    MeterRegistry registry;

    private final dev.tandem.testing.RandomTokens random = new dev.tandem.testing.RandomTokens(System.nanoTime());

    @Test
    void writesSucceedOnLegacyAndMirrorFailuresAreCountedWhileTheEngineIsDown() throws Exception {
        TestStackPostgres postgres = TestStackPostgres.local();
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        TokenRecord before = TokenBodies.token(random);
        long beforeVersion = put(before);
        assertThat(StoreRows.engine(before.id())).as("mirrored while the engine is up").isPresent();

        double failuresBefore = mirrorFailures();
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        postgres.stop();
        try {
            for (int i = 0; i < WRITES_WHILE_DOWN; i++) {
                TokenRecord token = TokenBodies.token(random);
                acknowledged.put(token.id(), put(token));
            }
            assertThat(mirrorFailures() - failuresBefore).as("mirror failures counted").isGreaterThanOrEqualTo(WRITES_WHILE_DOWN);

            // On-call points reads at the engine, which is down: reads still succeed, from legacy.
            Control.flag(control, ReadFlag.ENGINE);
            for (Map.Entry<String, Long> write : acknowledged.entrySet()) {
                store().get("/v1/tokens/{id}", write.getKey()).then().statusCode(200);
                assertThat(StoreRows.legacy(write.getKey()).map(StoreRows.Row::version)).as("in legacy")
                        .contains(write.getValue());
            }
            store().get("/v1/tokens/{id}", before.id()).then().statusCode(200);

            // SHADOW_READ: the shadow read of the engine fails, the served read from legacy does not.
            Control.set(control, MigrationPhase.SHADOW_READ, ReadFlag.AUTO);
            double shadowFailuresBefore = shadowFailures();
            for (String id : acknowledged.keySet()) {
                store().get("/v1/tokens/{id}", id).then().statusCode(200);
            }
            await("failed shadow reads counted").atMost(Duration.ofSeconds(20))
                    .until(() -> shadowFailures() - shadowFailuresBefore >= acknowledged.size());
        } finally {
            postgres.start();
        }

        // Back up: the pool reconnects and new writes are mirrored again, without a restart.
        TokenRecord after = TokenBodies.token(random);
        await("a write is mirrored again").atMost(Duration.ofSeconds(30)).until(() -> {
            long version = put(after);
            return StoreRows.engine(after.id()).map(StoreRows.Row::version).orElse(-1L) == version;
        });
        assertThat(StoreRows.legacy(before.id()).map(StoreRows.Row::version)).contains(beforeVersion);
    }

    private double shadowFailures() {
        return registry.find(TandemMetrics.SHADOW_SKIPPED).tag("reason", "failed").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double mirrorFailures() {
        return registry.find(TandemMetrics.MIRROR_FAILURES).tag("store", "engine").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static long put(TokenRecord token) {
        return store().contentType(ContentType.JSON).body(TokenBodies.of(token)).put("/v1/tokens/{id}", token.id())
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }
}
