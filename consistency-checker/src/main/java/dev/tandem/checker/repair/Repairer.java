package dev.tandem.checker.repair;

import dev.tandem.model.FieldDifference;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import io.smallrye.mutiny.Uni;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the secondary store hold what the primary holds for one token id, through the stores' own
 * conditional writes. Which store is primary is the caller's (the phase's) decision: legacy-side
 * changes that bypassed the orchestrator are authoritative while legacy is primary, engine-side ones
 * once the engine is.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>Revocation is terminal. A token revoked in the secondary but not in the primary is revoked in
 *       the primary too: the repair never makes a revoked token usable again, whichever side holds
 *       the revocation.</li>
 *   <li>Primary absent: the secondary's copy is deleted with its own version as the condition, so a
 *       write that lands in the secondary meanwhile is not deleted
 *       ({@link RepairOutcome#SKIPPED_NEWER_IN_SECONDARY}).</li>
 *   <li>Secondary newer than the primary: left alone ({@link RepairOutcome#SKIPPED_NEWER_IN_SECONDARY}).</li>
 *   <li>Primary newer, or secondary absent: the primary's record is upserted into the secondary.</li>
 *   <li>Same version, other fields: the old server's own writes do not bump {@code tandem_version}, so
 *       an upsert of the same version would not apply. The primary's record is first re-stamped in
 *       the primary at version + 1 (its fields unchanged), then upserted into the secondary. The
 *       smallest possible step keeps a concurrent orchestrator write, whose clock version is higher,
 *       winning over the re-stamp; only a concurrent out-of-band write of the same old version, in
 *       the milliseconds between the read and the re-stamp, could be overwritten.</li>
 * </ol>
 * Each step re-reads both stores; a repair that raced with other writes is tried again a few times
 * before it answers {@link RepairOutcome#FAILED}.
 */
public final class Repairer {
    private static final Logger LOG = LoggerFactory.getLogger(Repairer.class);
    /** Reads and writes per repair before it gives up on stores that keep changing under it. */
    public static final int MAX_ATTEMPTS = 4;

    /**
     * Repairs one id. Never fails: store failures come back as {@link RepairOutcome#FAILED} with the
     * store's reason.
     */
    public Uni<RepairResult> repair(String id, TokenStore primary, TokenStore secondary) {
        if (!TokenId.isValid(id)) {
            return Uni.createFrom().item(new RepairResult(id, RepairOutcome.FAILED,
                    "not a token id: expected 64 lowercase hex characters"));
        }
        Set<TokenField> coarse = EnumSet.noneOf(TokenField.class);
        coarse.addAll(primary.approximatedFields());
        coarse.addAll(secondary.approximatedFields());
        return attempt(new Repair(id, primary, secondary, coarse), 1, false)
                .onFailure().recoverWithItem(failure -> new RepairResult(id, RepairOutcome.FAILED, reason(failure)))
                .invoke(result -> log(result, primary, secondary));
    }

    private record Repair(String id, TokenStore primary, TokenStore secondary, Set<TokenField> coarse) {
    }

    private Uni<RepairResult> attempt(Repair repair, int attempt, boolean wrote) {
        if (attempt > MAX_ATTEMPTS) {
            return bothStores(repair).map(state -> new RepairResult(repair.id(), RepairOutcome.FAILED,
                    "the stores still differ after " + MAX_ATTEMPTS + " attempts (" + describe(repair, state) + ")"));
        }
        return bothStores(repair).flatMap(state -> step(repair, state, attempt, wrote));
    }

    private record Both(Optional<TokenRecord> primary, Optional<TokenRecord> secondary) {
    }

    private Uni<Both> bothStores(Repair repair) {
        return repair.primary().find(repair.id())
                .flatMap(p -> repair.secondary().find(repair.id()).map(s -> new Both(p, s)));
    }

    private Uni<RepairResult> step(Repair repair, Both state, int attempt, boolean wrote) {
        String id = repair.id();
        TokenRecord p = state.primary().orElse(null);
        TokenRecord s = state.secondary().orElse(null);
        if (p == null && s == null) {
            return done(id, wrote, "absent from both stores");
        }
        if (p == null) {
            return repair.secondary().delete(id, s.version()).flatMap(deleted -> deleted
                    ? Uni.createFrom().item(new RepairResult(id, RepairOutcome.REPAIRED,
                    "deleted from " + repair.secondary().name() + " (absent from " + repair.primary().name() + ")"))
                    : attempt(repair, attempt + 1, wrote));
        }
        if (s != null && TokenComparison.equivalent(p, s, repair.coarse())) {
            return done(id, wrote, "equal");
        }
        if (s != null && s.isRevoked() && !p.isRevoked()) {
            return repair.primary().revoke(id, s.revokedAt()).flatMap(revoked -> attempt(repair, attempt + 1, true));
        }
        if (s != null && s.version() > p.version()) {
            return Uni.createFrom().item(new RepairResult(id, RepairOutcome.SKIPPED_NEWER_IN_SECONDARY,
                    repair.secondary().name() + " holds version " + s.version() + ", newer than "
                            + repair.primary().name() + "'s " + p.version()));
        }
        if (s != null && s.version() == p.version() && !onlyRevocationDiffers(p, s, repair.coarse())) {
            return repair.primary().upsert(p.withVersion(p.version() + 1))
                    .flatMap(restamped -> restamped.applied()
                            ? copy(repair, restamped.stored(), attempt, "re-stamped at version " + restamped.stored().version()
                            + " in " + repair.primary().name() + " and copied")
                            : attempt(repair, attempt + 1, wrote));
        }
        return copy(repair, p, attempt, s == null ? "copied (absent from " + repair.secondary().name() + ")"
                : "copied version " + p.version() + " over " + s.version());
    }

    private Uni<RepairResult> copy(Repair repair, TokenRecord record, int attempt, String what) {
        return repair.secondary().upsert(record).flatMap(result -> {
            if (TokenComparison.equivalent(record, result.stored(), repair.coarse())) {
                return Uni.createFrom().item(new RepairResult(repair.id(), RepairOutcome.REPAIRED, what));
            }
            return attempt(repair, attempt + 1, true);
        });
    }

    private static Uni<RepairResult> done(String id, boolean wrote, String state) {
        return Uni.createFrom().item(new RepairResult(id, wrote ? RepairOutcome.REPAIRED : RepairOutcome.ALREADY_EQUAL,
                wrote ? "revocation carried to the primary; now " + state : state));
    }

    private static boolean onlyRevocationDiffers(TokenRecord p, TokenRecord s, Set<TokenField> coarse) {
        return TokenComparison.differences(p, s, coarse).stream().allMatch(d -> d.field() == TokenField.REVOKED_AT);
    }

    private static String describe(Repair repair, Both state) {
        if (state.primary().isEmpty() || state.secondary().isEmpty()) {
            return repair.primary().name() + (state.primary().isEmpty() ? " lacks" : " holds") + " it, "
                    + repair.secondary().name() + (state.secondary().isEmpty() ? " lacks" : " holds") + " it";
        }
        List<FieldDifference> differences = TokenComparison.differences(state.primary().get(), state.secondary().get(),
                repair.coarse());
        return "fields " + differences.stream().map(d -> d.field().jsonName()).collect(Collectors.joining(", "));
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    private static void log(RepairResult result, TokenStore primary, TokenStore secondary) {
        if (result.outcome() == RepairOutcome.FAILED) {
            LOG.warn("repair {} -> {} of {}: {} ({})", primary.name(), secondary.name(), result.tokenId(),
                    result.outcome().wireName(), result.detail());
        } else {
            LOG.info("repair {} -> {} of {}: {} ({})", primary.name(), secondary.name(), result.tokenId(),
                    result.outcome().wireName(), result.detail());
        }
    }
}
