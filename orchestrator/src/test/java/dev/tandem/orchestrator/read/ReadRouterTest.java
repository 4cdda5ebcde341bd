package dev.tandem.orchestrator.read;

import dev.tandem.model.TokenId;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.phase.ReadFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadRouterTest {
    private static final String ID = TokenId.hashOf("any token");

    private static ControlState state(MigrationPhase phase, ReadFlag flag, int ramp) {
        return new ControlState(phase, flag, ramp, 1, Instant.EPOCH);
    }

    @ParameterizedTest(name = "{0} with flag {1} reads {2}")
    @CsvSource({
            "LEGACY_ONLY, AUTO, LEGACY",
            "LEGACY_ONLY, LEGACY, LEGACY",
            // The engine gets no writes in LEGACY_ONLY: reading it would lose acknowledged writes.
            "LEGACY_ONLY, ENGINE, LEGACY",
            "DUAL_WRITE, AUTO, LEGACY",
            "DUAL_WRITE, ENGINE, ENGINE",
            "SHADOW_READ, AUTO, LEGACY",
            "SHADOW_READ, ENGINE, ENGINE",
            "READ_ENGINE, AUTO, ENGINE",
            "READ_ENGINE, LEGACY, LEGACY",
            "WRITE_ENGINE, AUTO, ENGINE",
            "WRITE_ENGINE, LEGACY, LEGACY",
            "ENGINE_ONLY, AUTO, ENGINE",
            "ENGINE_ONLY, ENGINE, ENGINE",
            // Legacy gets no writes in ENGINE_ONLY; the control plane refuses the flag, the router never obeys it.
            "ENGINE_ONLY, LEGACY, ENGINE",
    })
    void flagOverridesThePhaseWhereTheStoreReceivesWrites(MigrationPhase phase, ReadFlag flag, Store expected) {
        assertThat(ReadRouter.storeFor(ID, state(phase, flag, 100))).isEqualTo(expected);
    }

    @Test
    void rampSendsAboutItsShareOfTokensToTheEngine() {
        List<String> ids = ids(10_000);
        for (int ramp : new int[]{0, 10, 50, 90, 100}) {
            long toEngine = ids.stream()
                    .filter(id -> ReadRouter.storeFor(id, state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, ramp)) == Store.ENGINE)
                    .count();
            assertThat(toEngine / 100.0).as("share of tokens on the engine at ramp %d%%", ramp).isCloseTo(ramp, org.assertj.core.data.Offset.offset(2.0));
        }
    }

    @Test
    void raisingTheRampOnlyMovesTokensTowardTheEngine() {
        for (String id : ids(2_000)) {
            boolean onEngine = false;
            for (int ramp = 0; ramp <= 100; ramp++) {
                boolean now = ReadRouter.storeFor(id, state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, ramp)) == Store.ENGINE;
                assertThat(!onEngine || now).as("token %s went back to legacy at ramp %d", id, ramp).isTrue();
                onEngine = now;
            }
            assertThat(onEngine).isTrue();
        }
    }

    @Test
    void theSameTokenGoesToTheSameStoreEveryTime() {
        ControlState half = state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 50);
        for (String id : ids(500)) {
            Store first = ReadRouter.storeFor(id, half);
            for (int i = 0; i < 5; i++) {
                assertThat(ReadRouter.storeFor(id, new ControlState(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 50, i, Instant.now())))
                        .isEqualTo(first);
            }
        }
    }

    @Test
    void theRampOnlyMattersInReadEngineWithFlagAuto() {
        String id = ids(1).get(0);
        assertThat(ReadRouter.storeFor(id, state(MigrationPhase.READ_ENGINE, ReadFlag.LEGACY, 100))).isEqualTo(Store.LEGACY);
        assertThat(ReadRouter.storeFor(id, state(MigrationPhase.DUAL_WRITE, ReadFlag.AUTO, 100))).isEqualTo(Store.LEGACY);
        assertThat(ReadRouter.storeFor(id, state(MigrationPhase.WRITE_ENGINE, ReadFlag.AUTO, 0))).isEqualTo(Store.ENGINE);
    }

    @ParameterizedTest(name = "{0} flag {1} ramp {2}: {3}")
    @CsvSource({
            "READ_ENGINE, AUTO, 0, legacy",
            "READ_ENGINE, AUTO, 30, split",
            "READ_ENGINE, AUTO, 100, engine",
            "READ_ENGINE, LEGACY, 30, legacy",
            "DUAL_WRITE, AUTO, 30, legacy",
            "LEGACY_ONLY, ENGINE, 100, legacy",
    })
    void effectiveSaysWhereReadsGo(MigrationPhase phase, ReadFlag flag, int ramp, String expected) {
        assertThat(ReadRouter.effective(state(phase, flag, ramp))).isEqualTo(expected);
    }

    private static List<String> ids(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(TokenId.hashOf("token-" + i));
        }
        return ids;
    }
}
