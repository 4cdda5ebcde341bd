package dev.tandem.verification;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerificationStatusTest {
    private static final Instant FINISHED = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(30);

    @Test
    void aDoneRunIsFreshUpToItsMaxAgeInItsOwnPhase() {
        VerificationStatus done = status(VerificationState.DONE, "SHADOW_READ", FINISHED, 0);
        assertThat(done.isFresh(MAX_AGE, "SHADOW_READ", FINISHED)).isTrue();
        assertThat(done.isFresh(MAX_AGE, "SHADOW_READ", FINISHED.plus(MAX_AGE))).isTrue();
        assertThat(done.isFresh(MAX_AGE, "SHADOW_READ", FINISHED.plus(MAX_AGE).plusSeconds(1))).isFalse();
    }

    @Test
    void aPhaseChangeMakesItStaleAtOnce() {
        VerificationStatus done = status(VerificationState.DONE, "SHADOW_READ", FINISHED, 0);
        assertThat(done.isFresh(MAX_AGE, "WRITE_ENGINE", FINISHED)).isFalse();
        assertThat(done.isFresh(MAX_AGE, null, FINISHED)).isFalse();
    }

    @Test
    void runningAndFailedRunsAreNeverFresh() {
        assertThat(status(VerificationState.RUNNING, "SHADOW_READ", null, 0).isFresh(MAX_AGE, "SHADOW_READ", FINISHED)).isFalse();
        assertThat(status(VerificationState.FAILED, "SHADOW_READ", FINISHED, 0).isFresh(MAX_AGE, "SHADOW_READ", FINISHED)).isFalse();
    }

    @Test
    void freshnessIsAboutAgeAndPhaseCleanIsAboutDifferences() {
        VerificationStatus dirty = status(VerificationState.DONE, "SHADOW_READ", FINISHED, 3);
        assertThat(dirty.isFresh(MAX_AGE, "SHADOW_READ", FINISHED)).isTrue();
        assertThat(dirty.clean()).isFalse();
        assertThat(status(VerificationState.DONE, "SHADOW_READ", FINISHED, 0).clean()).isTrue();
        assertThat(status(VerificationState.FAILED, "SHADOW_READ", FINISHED, 0).clean()).isFalse();
    }

    @Test
    void aNegativeAgeIsRefusedByName() {
        VerificationStatus done = status(VerificationState.DONE, "SHADOW_READ", FINISHED, 0);
        assertThatThrownBy(() -> done.isFresh(Duration.ofSeconds(-1), "SHADOW_READ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge");
    }

    @Test
    void jsonNamesEveryStatusField() {
        String json = status(VerificationState.DONE, "SHADOW_READ", FINISHED, 0).toJson();
        assertThat(json).contains("\"runId\" : 7", "\"state\" : \"DONE\"", "\"phase\" : \"SHADOW_READ\"", "\"clean\" : true",
                "\"rowsCompared\" : 1000", "\"chunksDone\" : 16", "\"chunksTotal\" : 16", "\"rowsPerSecond\" : 500000",
                "\"differences\" : 0", "\"finishedAt\" : \"2026-11-27T12:00:00Z\"");
    }

    private static VerificationStatus status(VerificationState state, String phase, Instant finishedAt, long differences) {
        return new VerificationStatus(7, state, phase, FINISHED.minusSeconds(60), finishedAt, 1000, 16, 16, 500_000.0,
                differences, state == VerificationState.RUNNING, "1@host", state == VerificationState.FAILED ? "boom" : null);
    }
}
