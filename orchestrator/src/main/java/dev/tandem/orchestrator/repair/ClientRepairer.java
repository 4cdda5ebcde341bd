package dev.tandem.orchestrator.repair;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.client.ClientField;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Converges both stores on one client id, as {@link Repairer} does for a token: each store that does
 * not hold the merge of both records ({@link ClientRecord#merge}: the higher version's, a tombstone
 * among them) gets it upserted through the stores' version-gated writes. No direction, no phase: a
 * client held by one store only is copied to the other (an absent row is "not written there yet" as
 * often as "deleted"; a Tandem delete leaves a tombstone, which the merge carries like any record,
 * so a deleted app never comes back).
 *
 * <p>Same version, other fields: only a writer that bypasses Tandem's versions does that, the old
 * server editing {@code hydra_client}; legacy's record wins, re-stamped there with a fresh version
 * from this instance's clock so that the merge can carry it (as for tokens).
 *
 * <p>Results and logs name the client and the differing fields, never a secret hash's value.
 */
public final class ClientRepairer {
    private final HybridLogicalClock clock;

    /** @param clock the versions of re-stamps: the clock of the instance that repairs */
    public ClientRepairer(HybridLogicalClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Repairs one client. Never fails: store failures come back as {@link RepairOutcome#FAILED} with
     * the store's reason.
     *
     * @param legacy the store the old server may write behind Tandem's back (its record wins a tie of versions)
     * @param engine the other store
     */
    public Uni<RepairResult> repair(String id, ClientStore legacy, ClientStore engine) {
        if (!isClientId(id)) {
            return Uni.createFrom().item(new RepairResult(String.valueOf(id), RepairOutcome.FAILED,
                    "not a client id: expected 1 to " + ClientRecord.MAX_ID_LENGTH + " characters, not blank"));
        }
        return attempt(id, legacy, engine, 1, List.of())
                .onFailure().recoverWithItem(failure -> new RepairResult(id, RepairOutcome.FAILED, Repairer.reason(failure)))
                .invoke(result -> Repairer.log("client ", result, legacy.name(), engine.name()));
    }

    /** What {@link ClientRecord} takes as an id. */
    public static boolean isClientId(String id) {
        return id != null && !id.isBlank() && id.length() <= ClientRecord.MAX_ID_LENGTH;
    }

    private record Both(ClientRecord legacy, ClientRecord engine) {
    }

    private Uni<RepairResult> attempt(String id, ClientStore legacy, ClientStore engine, int attempt, List<String> done) {
        Uni<Both> state = legacy.lookup(id).flatMap(l -> engine.lookup(id).map(e -> new Both(l.orElse(null), e.orElse(null))));
        if (attempt > Repairer.MAX_ATTEMPTS) {
            return state.map(both -> new RepairResult(id, RepairOutcome.FAILED, "the stores still differ after "
                    + Repairer.MAX_ATTEMPTS + " attempts (" + describe(legacy, engine, both) + ")"));
        }
        return state.flatMap(both -> step(id, legacy, engine, both, attempt, done));
    }

    private Uni<RepairResult> step(String id, ClientStore legacy, ClientStore engine, Both state, int attempt, List<String> done) {
        ClientRecord l = state.legacy();
        ClientRecord e = state.engine();
        if (l == null && e == null) {
            return Repairer.finish(id, done, "absent from both stores");
        }
        if (l != null && e != null && ClientField.differences(l, e).isEmpty()) {
            return Repairer.finish(id, done, "equal");
        }
        if (l != null && e != null && l.version() == e.version()) {
            clock.observe(l.version());
            ClientRecord restamped = l.withVersion(clock.next());
            return legacy.upsert(restamped).flatMap(result -> attempt(id, legacy, engine, attempt + 1,
                    result.applied() ? Repairer.with(done, "re-stamped " + legacy.name() + "'s record at version "
                            + restamped.version() + " (an out-of-band write of version " + l.version() + ")") : done));
        }
        ClientRecord merged = ClientRecord.merge(l, e);
        List<Uni<String>> writes = new ArrayList<>();
        if (l == null || !ClientField.differences(l, merged).isEmpty()) {
            writes.add(copy(legacy, merged, l));
        }
        if (e == null || !ClientField.differences(e, merged).isEmpty()) {
            writes.add(copy(engine, merged, e));
        }
        return Uni.join().all(writes).andFailFast()
                .flatMap(what -> attempt(id, legacy, engine, attempt + 1, Repairer.with(done, String.join(", ", what))));
    }

    private static Uni<String> copy(ClientStore store, ClientRecord merged, ClientRecord held) {
        return store.upsert(merged).map(result -> "merged version " + merged.version()
                + (merged.deleted() ? " (a tombstone)" : "") + " into " + store.name()
                + (held == null ? " (absent there)" : " over version " + held.version()));
    }

    /** Field names only: a secret hash is said to differ, never shown. */
    private static String describe(ClientStore legacy, ClientStore engine, Both state) {
        if (state.legacy() == null || state.engine() == null) {
            return legacy.name() + (state.legacy() == null ? " lacks" : " holds") + " it, "
                    + engine.name() + (state.engine() == null ? " lacks" : " holds") + " it";
        }
        return "fields " + ClientField.differences(state.legacy(), state.engine()).stream()
                .map(ClientField::jsonName).collect(Collectors.joining(", "));
    }
}
