package dev.tandem.orchestrator.read;

import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.phase.ReadFlag;

/**
 * Which store serves a read. Pure: the same token and state always give the same answer, on
 * every instance, which is what keeps a ramp stable per token.
 */
public final class ReadRouter {
    private ReadRouter() {
    }

    /**
     * The store that serves a read of {@code tokenId}. The flag wins over the phase, except where the
     * store it names receives no writes in this phase (the engine in {@code LEGACY_ONLY}, legacy in
     * {@code ENGINE_ONLY}): reading there could miss acknowledged writes, so the primary serves.
     */
    public static Store storeFor(String tokenId, ControlState state) {
        Store wanted = switch (state.readFlag()) {
            case LEGACY -> Store.LEGACY;
            case ENGINE -> Store.ENGINE;
            case AUTO -> state.phase() == MigrationPhase.READ_ENGINE
                    ? (rampBucket(tokenId) < state.rampPercent() ? Store.ENGINE : Store.LEGACY)
                    : state.phase().defaultReads();
        };
        return receivesWrites(wanted, state.phase()) ? wanted : state.phase().primary();
    }

    /** Whether every acknowledged write of {@code phase} reaches {@code store}. */
    public static boolean receivesWrites(Store store, MigrationPhase phase) {
        return store == phase.primary() || store == phase.mirror();
    }

    /** What a status page says: all reads to one store, or split by the ramp. */
    public static String effective(ControlState state) {
        if (state.readFlag() == ReadFlag.AUTO && state.phase() == MigrationPhase.READ_ENGINE) {
            if (state.rampPercent() <= 0) {
                return Store.LEGACY.wireName();
            }
            return state.rampPercent() >= 100 ? Store.ENGINE.wireName() : "split";
        }
        return storeFor("0".repeat(64), state).wireName();
    }

    /**
     * A bucket 0-99 from the token id. Ids are SHA-256 hex, uniformly spread, so their first 8 hex
     * digits are a fair hash already; raising the ramp only ever moves tokens toward the engine.
     */
    static int rampBucket(String tokenId) {
        long prefix = Long.parseLong(tokenId.substring(0, 8), 16);
        return (int) (prefix % 100);
    }
}
