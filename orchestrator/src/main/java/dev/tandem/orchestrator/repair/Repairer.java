package dev.tandem.orchestrator.repair;

import dev.tandem.model.FieldDifference;
import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converges both stores on one token id by the merge every write follows
 * ({@link TokenRecord#mergedWith}): each store that does not hold the merge of both records gets it
 * upserted, through the stores' own conditional writes. No direction, no phase: the merge is
 * commutative, so it does not matter which store was primary when a write reached one store only,
 * and the repair never deletes what one store lacks (an absent record is "not written there yet" as
 * often as "deleted"; a delete leaves a tombstone, which the merge carries like any record).
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>Equal (revocation times compared as revoked-or-not where a store keeps no time), or absent
 *       from both: nothing to do.</li>
 *   <li>Same version, other fields: a version names one write, so only a writer that bypasses
 *       Tandem's versions can cause it: the old server, which writes legacy and never bumps
 *       {@code tandem_version}. {@code legacy}'s record wins: it is re-stamped there with a fresh
 *       version from this instance's clock (fields unchanged), so that the merge can carry it. A
 *       concurrent Tandem write carries a fresher version still, and wins over the re-stamp.</li>
 *   <li>Otherwise the merge of both is upserted into each store that differs from it: the newer
 *       version's fields (a tombstone among them), revoked if either is revoked.</li>
 * </ol>
 * Each step re-reads both stores; a repair that raced with other writes is tried again a few times
 * before it answers {@link RepairOutcome#FAILED}.
 */
public final class Repairer {
    private static final Logger LOG = Logger.getLogger(Repairer.class);
    /** Reads and writes per repair before it gives up on stores that keep changing under it. */
    public static final int MAX_ATTEMPTS = 4;

    private final HybridLogicalClock clock;

    /** @param clock the versions of re-stamps: the clock of the instance that repairs */
    public Repairer(HybridLogicalClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Repairs one id. Never fails: store failures come back as {@link RepairOutcome#FAILED} with the
     * store's reason.
     *
     * @param legacy the store the old server may write behind Tandem's back (its record wins a tie of versions)
     * @param engine the other store
     */
    public Uni<RepairResult> repair(String id, TokenStore legacy, TokenStore engine) {
        if (!TokenId.isValid(id)) {
            return Uni.createFrom().item(new RepairResult(id, RepairOutcome.FAILED,
                    "not a token id: expected 64 lowercase hex characters"));
        }
        Set<TokenField> coarse = EnumSet.noneOf(TokenField.class);
        coarse.addAll(legacy.approximatedFields());
        coarse.addAll(engine.approximatedFields());
        return attempt(new Repair(id, legacy, engine, coarse), 1, List.of())
                .onFailure().recoverWithItem(failure -> new RepairResult(id, RepairOutcome.FAILED, reason(failure)))
                .invoke(result -> log(result, legacy, engine));
    }

    private record Repair(String id, TokenStore legacy, TokenStore engine, Set<TokenField> coarse) {
    }

    private record Both(TokenRecord legacy, TokenRecord engine) {
    }

    /** @param done what earlier steps wrote, for the result's detail */
    private Uni<RepairResult> attempt(Repair repair, int attempt, List<String> done) {
        if (attempt > MAX_ATTEMPTS) {
            return bothStores(repair).map(state -> new RepairResult(repair.id(), RepairOutcome.FAILED,
                    "the stores still differ after " + MAX_ATTEMPTS + " attempts (" + describe(repair, state) + ")"));
        }
        return bothStores(repair).flatMap(state -> step(repair, state, attempt, done));
    }

    private Uni<Both> bothStores(Repair repair) {
        return repair.legacy().lookup(repair.id())
                .flatMap(l -> repair.engine().lookup(repair.id()).map(e -> new Both(l.orElse(null), e.orElse(null))));
    }

    private Uni<RepairResult> step(Repair repair, Both state, int attempt, List<String> done) {
        TokenRecord l = state.legacy();
        TokenRecord e = state.engine();
        if (l == null && e == null) {
            return finish(repair.id(), done, "absent from both stores");
        }
        if (l != null && e != null && TokenComparison.equivalent(l, e, repair.coarse())) {
            return finish(repair.id(), done, "equal");
        }
        if (l != null && e != null && l.version() == e.version() && !onlyRevocationDiffers(l, e, repair.coarse())) {
            clock.observe(l.version());
            TokenRecord restamped = l.withVersion(clock.next());
            return repair.legacy().upsert(restamped).flatMap(result -> attempt(repair, attempt + 1,
                    result.applied() ? with(done, "re-stamped " + repair.legacy().name() + "'s record at version "
                            + restamped.version() + " (an out-of-band write of version " + l.version() + ")") : done));
        }
        TokenRecord merged = TokenRecord.merge(l, e);
        List<Uni<String>> writes = new ArrayList<>();
        if (l == null || !TokenComparison.equivalent(l, merged, repair.coarse())) {
            writes.add(copy(repair.legacy(), merged, l));
        }
        if (e == null || !TokenComparison.equivalent(e, merged, repair.coarse())) {
            writes.add(copy(repair.engine(), merged, e));
        }
        return Uni.join().all(writes).andFailFast()
                .flatMap(what -> attempt(repair, attempt + 1, with(done, String.join(", ", what))));
    }

    private static Uni<String> copy(TokenStore store, TokenRecord merged, TokenRecord held) {
        return store.upsert(merged).map(result -> "merged version " + merged.version()
                + (merged.deleted() ? " (a tombstone)" : "") + (merged.isRevoked() ? " (revoked)" : "")
                + " into " + store.name() + (held == null ? " (absent there)" : " over version " + held.version()));
    }

    static List<String> with(List<String> done, String step) {
        List<String> steps = new ArrayList<>(done);
        steps.add(step);
        return steps;
    }

    static Uni<RepairResult> finish(String id, List<String> done, String state) {
        return Uni.createFrom().item(done.isEmpty() ? new RepairResult(id, RepairOutcome.ALREADY_EQUAL, state)
                : new RepairResult(id, RepairOutcome.REPAIRED, String.join("; ", done) + "; now " + state));
    }

    private static boolean onlyRevocationDiffers(TokenRecord a, TokenRecord b, Set<TokenField> coarse) {
        return TokenComparison.differences(a, b, coarse).stream().allMatch(d -> d.field() == TokenField.REVOKED_AT);
    }

    private static String describe(Repair repair, Both state) {
        if (state.legacy() == null || state.engine() == null) {
            return repair.legacy().name() + (state.legacy() == null ? " lacks" : " holds") + " it, "
                    + repair.engine().name() + (state.engine() == null ? " lacks" : " holds") + " it";
        }
        List<FieldDifference> differences = TokenComparison.differences(state.legacy(), state.engine(), repair.coarse());
        return "fields " + differences.stream().map(d -> d.field().jsonName()).collect(Collectors.joining(", "));
    }

    static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    private static void log(RepairResult result, TokenStore legacy, TokenStore engine) {
        log("", result, legacy.name(), engine.name());
    }

    /** @param what what the id names, with a space after it; empty for a token */
    static void log(String what, RepairResult result, String legacy, String engine) {
        if (result.outcome() == RepairOutcome.FAILED) {
            LOG.warnf("repair of %s%s across %s and %s: %s (%s)", what, result.tokenId(), legacy, engine,
                    result.outcome().wireName(), result.detail());
        } else {
            LOG.infof("repair of %s%s across %s and %s: %s (%s)", what, result.tokenId(), legacy, engine,
                    result.outcome().wireName(), result.detail());
        }
    }
}
