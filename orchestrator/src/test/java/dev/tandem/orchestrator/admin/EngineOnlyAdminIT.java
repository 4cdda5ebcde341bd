package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.control.ControlFold;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.tandem.orchestrator.admin.AdminApi.audit;
import static dev.tandem.orchestrator.admin.AdminApi.phase;
import static dev.tandem.orchestrator.admin.AdminApi.reads;
import static dev.tandem.orchestrator.admin.AdminApi.revision;
import static dev.tandem.orchestrator.admin.AdminApi.rollback;
import static dev.tandem.orchestrator.admin.AdminApi.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Past the point of no return, on a control log of its own (nothing can step back from
 * ENGINE_ONLY, so it cannot share one with tests that start from LEGACY_ONLY).
 */
@QuarkusTest
@TestProfile(EngineOnlyAdminIT.OwnControlLog.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class EngineOnlyAdminIT {

    public static class OwnControlLog implements QuarkusTestProfile {
    }

    @BeforeEach
    void pastThePointOfNoReturn() {
        AdminApi.awaitReady();
        AdminApi.forceTo("ENGINE_ONLY");
    }

    @ParameterizedTest(name = "to {0}")
    @ValueSource(strings = {"WRITE_ENGINE", "READ_ENGINE", "SHADOW_READ", "DUAL_WRITE", "LEGACY_ONLY"})
    void everyStepBackIsRefusedEvenWhenForced(String target) {
        long before = revision();

        phase(target, "want to go back", true).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("ENGINE_ONLY is the point of no return: legacy receives no writes any more,"
                        + " so no step back to " + target + " is possible"))
                .body("allowed", empty());

        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void theReadFlagLegacyIsRefused() {
        reads("legacy", null, "try legacy").statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo(ControlFold.LEGACY_FLAG_IN_ENGINE_ONLY));
    }

    @Test
    void rollbackIsRefused() {
        rollback("too late").statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo(MigrationController.ROLLBACK_PAST_POINT_OF_NO_RETURN));
        status().body("reads.flag", equalTo("auto"));
    }

    @Test
    void theOtherFlagsStillApply() {
        reads("engine", null, "pin to engine").statusCode(200).body("state.reads.effective", equalTo("engine"));
        reads("auto", null, "follow the phase").statusCode(200).body("state.reads.effective", equalTo("engine"));
    }

    @Test
    void thereIsNoNextPhaseAndNoGuard() {
        status().body("phase", equalTo("ENGINE_ONLY"))
                .body("nextPhase", nullValue())
                .body("guards", empty());
    }

    @Test
    void enteringThePointOfNoReturnIsAudited() {
        assertThat(audit()).anySatisfy(entry -> {
            assertThat(entry).containsEntry("action", "phase").containsEntry("forced", true);
            assertThat(entry.get("to")).asString().contains("ENGINE_ONLY");
            assertThat(entry.get("from")).asString().contains("WRITE_ENGINE");
        });
    }
}
