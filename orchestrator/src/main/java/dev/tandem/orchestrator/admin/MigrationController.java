package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.control.AuditEntry;
import dev.tandem.orchestrator.control.ControlChange;
import dev.tandem.orchestrator.control.ControlConflictException;
import dev.tandem.orchestrator.control.ControlFold;
import dev.tandem.orchestrator.control.ControlLease;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.control.ControlPlaneUnavailableException;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.cutover.CutoverLoop;
import dev.tandem.orchestrator.guard.RollbackReadinessProbe;
import dev.tandem.orchestrator.cutover.SwitchBarrier;
import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.guard.PhaseGuards;
import dev.tandem.orchestrator.instances.Instances;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.ReplayQueue;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.write.MirrorStats;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator's changes of the control state: validated, checked against the guards, and
 * proposed to the {@link ControlPlane} as a compare-and-set on the revision they were decided on.
 *
 * <p>Each change has a real and a dry-run form. A dry run computes the same plan (from, to, guard
 * verdicts, whether it would be refused by the guards) and writes nothing. Requests that can never
 * be applied (bad input, a step the state machine does not allow) are refused alike in both forms.
 *
 * <p>Refusals: bad input 400 naming the field and what is valid; a step the guards refuse 409 with
 * the verdicts; a state that moved meanwhile 409; the control log unreachable 503.
 */
@ApplicationScoped
public class MigrationController {
    public static final int MAX_REASON_CHARS = 500;
    public static final String REASON_REQUIRED = "reason is required: say why, in words the audit will keep";
    public static final String REASON_TOO_LONG = "reason has %d characters (valid: 1 to %d)";
    public static final String REASON_NOT_ONE_LINE = "reason contains control characters such as line breaks"
            + " (valid: one line of text)";
    public static final String PHASE_REQUIRED = "to is required (valid: %s)";
    public static final String FLAG_REQUIRED = "flag is required (valid: legacy, engine, auto)";
    public static final String RAMP_OUT_OF_RANGE = "rampPercent %d is out of range (valid: 0 to 100)";
    public static final String NOT_READY = "this instance has not caught up with the control log yet; retry in a moment";
    public static final String REVISION_MOVED = "the control state is at revision %d, not the expected %d: read it again"
            + " and decide anew";
    public static final String GUARDS_REFUSED = "%s -> %s refused: %d of %d guards are not OK (%s); fix them, or force"
            + " the step with a reason";
    /**
     * The refusal of an unforced step into {@link MigrationPhase#POINT_OF_NO_RETURN}: names it, and
     * every guard that is not OK with its reason, because a force here cannot be undone.
     */
    public static final String POINT_OF_NO_RETURN_REFUSED = "%s -> %s refused: %s is the POINT_OF_NO_RETURN (legacy"
            + " receives no writes after it, no rollback is possible) and %d of %d guards are not OK: %s; fix them, or"
            + " force the step with a reason if you accept losing the way back";
    public static final String ENABLED_REQUIRED = "enabled is required (valid: true, false)";
    public static final String READS_PINNED_TO_LEGACY = "reads are pinned to legacy (flag legacy), which "
            + MigrationPhase.ENGINE_ONLY + " refuses: set reads to auto or engine first";
    public static final String ENGINE_FLAG_IN_LEGACY_ONLY = "the read flag engine is refused in " + MigrationPhase.LEGACY_ONLY
            + ": the engine receives no writes yet (valid: legacy, auto)";
    public static final String ROLLBACK_PAST_POINT_OF_NO_RETURN = "rollback is impossible in " + MigrationPhase.ENGINE_ONLY
            + ", the point of no return: legacy has received no writes since it was entered";

    @Inject
    ControlPlane controlPlane;
    @Inject
    PhaseGuards guards;
    @Inject
    MirrorStats mirrorStats;
    @Inject
    RollbackReadinessProbe rollbackReadiness;
    @Inject
    CutoverLoop cutover;
    @Inject
    SwitchBarrier barrier;
    @Inject
    Instances instances;
    @Inject
    ControlLease lease;
    @Inject
    ReplayQueue replayQueue;

    /** The state, the next forward phase and its guards' verdicts, as this instance sees them. */
    public Uni<MigrationSnapshot> status() {
        ControlState state = controlPlane.current();
        Optional<String> fenced = lease.problem();
        MigrationPhase next = nextPhase(state.phase()).orElse(null);
        Uni<List<GuardVerdict>> verdicts = next == null ? Uni.createFrom().item(List.of()) : guards.evaluate(state.phase(), next);
        return verdicts.map(checked -> new MigrationSnapshot(state, next, checked, mirrorStats.failures(),
                instances.nodeId(), controlPlane.ready() && fenced.isEmpty(), fenced.orElse(null), instances.live(),
                rollbackReadiness.current(), cutover.plan(),
                cutover.last(), replayQueue.summary()));
    }

    /**
     * Moves to phase {@code to}: one step forward or any step back until the point of no return,
     * each guarded unless forced (a step back by rollback readiness only); a step that changes the
     * primary goes through the switch barrier. Re-entering the current phase is allowed and audited.
     */
    public Uni<ChangeOutcome> changePhase(String to, String reason, boolean force, boolean dryRun,
                                         Long expectedRevision, String actor) {
        return Uni.createFrom().deferred(() -> {
            MigrationPhase target = parsePhase(to);
            String why = requireReason(reason);
            ControlState from = decideOn(expectedRevision);
            if (target == MigrationPhase.ENGINE_ONLY && from.readFlag() == ReadFlag.LEGACY) {
                throw refused(READS_PINNED_TO_LEGACY, from, target);
            }
            ControlFold.violation(from, target, from.readFlag(), from.rampPercent()).ifPresent(violation -> {
                throw refused(violation, from, target);
            });
            ReadFlag flag = flagAfterStep(from.readFlag(), target);
            // A step into MigrationPhase.POINT_OF_NO_RETURN is the last one that can be refused: it goes
            // through the same guards (or a force with a reason), and from then on the fold refuses
            // every step back and the flag legacy. The response says so (entersPointOfNoReturn).
            return guards.evaluate(from.phase(), target).chain(verdicts -> {
                List<GuardVerdict> failing = verdicts.stream().filter(verdict -> !verdict.ok()).toList();
                boolean forced = force && !failing.isEmpty();
                ControlState planned = planned(from, target, flag, from.rampPercent());
                String refusal = failing.isEmpty() || force ? null : guardsRefused(from.phase(), target, verdicts, failing);
                if (dryRun) {
                    return Uni.createFrom().item(new ChangeOutcome("phase", false, true, from, planned, forced, verdicts, refusal));
                }
                if (refusal != null) {
                    Map<String, Object> details = stepDetails(from, target);
                    details.put("guards", AdminViews.guards(verdicts));
                    throw ApiProblem.conflict(refusal, details);
                }
                List<String> auditLines = verdicts.stream().map(GuardVerdict::auditLine).toList();
                if (SwitchBarrier.needed(from.phase(), target)) {
                    return switchPrimary(from, target, flag, force, forced, verdicts, auditLines, actor, why);
                }
                ControlChange change = new ControlChange(from.revision(), target, flag, from.rampPercent(),
                        from.autoCutover(), "phase", actor, why, forced, auditLines);
                return propose(change).map(state -> new ChangeOutcome("phase", true, false, from, state, forced, verdicts, null));
            });
        });
    }

    /**
     * A step that changes the primary store, through the switch barrier: writes held, drained,
     * mirrored and seen by the checker before the flip, or a 409 that says what was missing. A
     * forced step skips the waits a force may skip ({@link SwitchBarrier}).
     */
    private Uni<ChangeOutcome> switchPrimary(ControlState from, MigrationPhase target, ReadFlag flag, boolean force,
                                            boolean forcedGuards, List<GuardVerdict> verdicts, List<String> auditLines,
                                            String actor, String why) {
        return barrier.run(from, target, force, actor, why, flip -> new ControlChange(flip.revision(), target, flag,
                        from.rampPercent(), from.autoCutover(), "phase", actor, why, forcedGuards || force,
                        Stream.concat(auditLines.stream(), Stream.of(flip.auditLine())).toList()))
                .onFailure(ControlConflictException.class).transform(e -> conflict((ControlConflictException) e))
                .onFailure(ControlPlaneUnavailableException.class).transform(MigrationController::unavailable)
                .onFailure(IllegalStateException.class).transform(e -> new ApiProblem(409, "Change refused", e.getMessage()))
                .map(outcome -> {
                    if (outcome instanceof SwitchBarrier.Cancelled cancelled) {
                        Map<String, Object> details = stepDetails(from, target);
                        details.put("writesHeldMs", cancelled.heldMs());
                        throw ApiProblem.conflict(cancelled.detail(), details);
                    }
                    SwitchBarrier.Switched switched = (SwitchBarrier.Switched) outcome;
                    return new ChangeOutcome("phase", true, false, from, switched.state(), forcedGuards || force, verdicts,
                            null);
                });
    }

    /**
     * The read flag after a phase step. A step back to LEGACY_ONLY must never be refused, but the
     * engine receives no writes there, so reads pinned to it would miss every new token: the step
     * sets the flag to auto (legacy) instead, and the audit's "to" shows it.
     */
    static ReadFlag flagAfterStep(ReadFlag flag, MigrationPhase target) {
        return target == MigrationPhase.LEGACY_ONLY && flag == ReadFlag.ENGINE ? ReadFlag.AUTO : flag;
    }

    /** Sets the read flag, and the ramp when {@code rampPercent} is given (else keeps it). */
    public Uni<ChangeOutcome> changeReads(String flag, Integer rampPercent, String reason, boolean dryRun,
                                         Long expectedRevision, String actor) {
        return Uni.createFrom().deferred(() -> {
            ReadFlag target = parseFlag(flag);
            if (rampPercent != null && (rampPercent < 0 || rampPercent > 100)) {
                throw AdminRequest.problem("rampPercent", RAMP_OUT_OF_RANGE.formatted(rampPercent));
            }
            String why = requireReason(reason);
            ControlState from = decideOn(expectedRevision);
            int ramp = rampPercent == null ? from.rampPercent() : rampPercent;
            if (target == ReadFlag.ENGINE && from.phase() == MigrationPhase.LEGACY_ONLY) {
                throw refused(ENGINE_FLAG_IN_LEGACY_ONLY, from, from.phase());
            }
            ControlFold.violation(from, from.phase(), target, ramp).ifPresent(violation -> {
                throw refused(violation, from, from.phase());
            });
            return apply("reads", from, planned(from, from.phase(), target, ramp), why, dryRun, actor);
        });
    }

    /** On-call's one-flag rollback: reads go to legacy at once, phase and ramp stay. */
    public Uni<ChangeOutcome> rollback(String reason, boolean dryRun, Long expectedRevision, String actor) {
        return Uni.createFrom().deferred(() -> {
            String why = requireReason(reason);
            ControlState from = decideOn(expectedRevision);
            if (!from.phase().legacyReadable()) {
                throw refused(ROLLBACK_PAST_POINT_OF_NO_RETURN, from, from.phase());
            }
            return apply("rollback", from, planned(from, from.phase(), ReadFlag.LEGACY, from.rampPercent()), why, dryRun, actor);
        });
    }

    /**
     * Switches the automatic cutover on or off, on every instance (package {@code cutover}). Never
     * guarded: switching it on moves nothing by itself; the cutover then steps only when the guards hold.
     */
    public Uni<ChangeOutcome> changeAutoCutover(Boolean enabled, String reason, boolean dryRun, Long expectedRevision,
                                               String actor) {
        return Uni.createFrom().deferred(() -> {
            if (enabled == null) {
                throw AdminRequest.problem("enabled", ENABLED_REQUIRED);
            }
            String why = requireReason(reason);
            ControlState from = decideOn(expectedRevision);
            ControlState planned = new ControlState(from.phase(), from.readFlag(), from.rampPercent(), enabled,
                    from.revision() + 1, from.changedAt());
            return apply("auto-cutover", from, planned, why, dryRun, actor);
        });
    }

    /** Every accepted change, oldest first, or the newest {@code limit} of them. */
    public List<AuditEntry> audit(Integer limit) {
        List<AuditEntry> all = controlPlane.audit();
        return limit == null || limit >= all.size() ? all : all.subList(all.size() - limit, all.size());
    }

    private Uni<ChangeOutcome> apply(String action, ControlState from, ControlState planned, String reason, boolean dryRun,
                                    String actor) {
        if (dryRun) {
            return Uni.createFrom().item(new ChangeOutcome(action, false, true, from, planned, false, List.of(), null));
        }
        ControlChange change = new ControlChange(from.revision(), planned.phase(), planned.readFlag(), planned.rampPercent(),
                planned.autoCutover(), action, actor, reason, false, List.of());
        return propose(change).map(state -> new ChangeOutcome(action, true, false, from, state, false, List.of(), null));
    }

    private Uni<ControlState> propose(ControlChange change) {
        return controlPlane.propose(change)
                .onFailure(ControlConflictException.class).transform(e -> conflict((ControlConflictException) e))
                .onFailure(ControlPlaneUnavailableException.class).transform(MigrationController::unavailable)
                .onFailure(IllegalStateException.class).transform(e -> new ApiProblem(409, "Change refused", e.getMessage()));
    }

    private ControlState decideOn(Long expectedRevision) {
        if (!controlPlane.ready()) {
            throw unavailable(new ControlPlaneUnavailableException(NOT_READY));
        }
        ControlState current = controlPlane.current();
        if (expectedRevision != null && expectedRevision != current.revision()) {
            throw ApiProblem.conflict(REVISION_MOVED.formatted(current.revision(), expectedRevision),
                    Map.of("expectedRevision", expectedRevision, "actualRevision", current.revision()));
        }
        return current;
    }

    private static ControlState planned(ControlState from, MigrationPhase phase, ReadFlag flag, int ramp) {
        return new ControlState(phase, flag, ramp, from.autoCutover(), from.revision() + 1, from.changedAt());
    }

    private static String guardsRefused(MigrationPhase from, MigrationPhase target, List<GuardVerdict> verdicts,
                                        List<GuardVerdict> failing) {
        if (target == MigrationPhase.POINT_OF_NO_RETURN) {
            return POINT_OF_NO_RETURN_REFUSED.formatted(from, target, target, failing.size(), verdicts.size(),
                    failing.stream().map(GuardVerdict::auditLine).collect(Collectors.joining("; ")));
        }
        return GUARDS_REFUSED.formatted(from, target, failing.size(), verdicts.size(),
                failing.stream().map(GuardVerdict::name).collect(Collectors.joining(", ")));
    }

    static Optional<MigrationPhase> nextPhase(MigrationPhase phase) {
        return Arrays.stream(MigrationPhase.values()).filter(phase::isForwardStepTo).findFirst();
    }

    private static MigrationPhase parsePhase(String to) {
        return parse("to", to, () -> PHASE_REQUIRED.formatted(phaseNames()), MigrationPhase::parse);
    }

    private static ReadFlag parseFlag(String flag) {
        return parse("flag", flag, () -> FLAG_REQUIRED, ReadFlag::parse);
    }

    private static <T> T parse(String field, String value, Supplier<String> missing, Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            throw AdminRequest.problem(field, missing.get());
        }
        try {
            return parser.apply(value.strip());
        } catch (IllegalArgumentException e) {
            throw AdminRequest.problem(field, field + ": " + e.getMessage());
        }
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw AdminRequest.problem("reason", REASON_REQUIRED);
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON_CHARS) {
            throw AdminRequest.problem("reason", REASON_TOO_LONG.formatted(stripped.length(), MAX_REASON_CHARS));
        }
        // The reason goes into log lines and the audit: one line of text, nothing that could forge another line.
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw AdminRequest.problem("reason", REASON_NOT_ONE_LINE);
        }
        return stripped;
    }

    private static ApiProblem refused(String detail, ControlState from, MigrationPhase target) {
        return new ApiProblem(409, "Change refused", detail, stepDetails(from, target));
    }

    private static Map<String, Object> stepDetails(ControlState from, MigrationPhase target) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from.phase().name());
        details.put("to", target.name());
        details.put("allowed", from.phase().allowedTargets().stream().map(Enum::name).toList());
        return details;
    }

    private static ApiProblem conflict(ControlConflictException e) {
        return ApiProblem.conflict(e.getMessage(),
                Map.of("expectedRevision", e.expectedRevision(), "actualRevision", e.actualRevision()));
    }

    private static ApiProblem unavailable(Throwable e) {
        return new ApiProblem(503, "Control plane unavailable", e.getMessage());
    }

    private static String phaseNames() {
        return Arrays.stream(MigrationPhase.values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
