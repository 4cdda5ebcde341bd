package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.Audit;
import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.ControlPoint;
import dev.tandem.admin.view.Guard;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.PerSide;
import dev.tandem.admin.view.Reads;
import dev.tandem.orchestrator.control.AuditEntry;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.cutover.CutoverDecision;
import dev.tandem.orchestrator.cutover.CutoverLoop;
import dev.tandem.orchestrator.cutover.RampPlan;
import dev.tandem.orchestrator.guard.RollbackReadiness;
import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.instances.NodeIdClaims;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.read.ReadRouter;
import dev.tandem.orchestrator.write.ReplayQueue;

import java.util.List;

/**
 * The migration's admin answers, built as the records of {@code dev.tandem.admin.view} that the CLI and scripts
 * read, so that their JSON is defined once. Phases are upper-case names, read flags lower-case; times are RFC 3339
 * UTC strings.
 */
final class AdminViews {
    private AdminViews() {
    }

    /** One live instance of {@code GET /admin/migration}'s {@code instances}. */
    private static MigrationStatus.Peer peer(NodeIdClaims.Peer peer) {
        return new MigrationStatus.Peer(peer.nodeId(), peer.address(), peer.instance().toString(), peer.revision(),
                peer.drainedRevision(), Math.max(0, (System.nanoTime() - peer.seenAtNanos()) / 1_000_000));
    }

    /** {@code GET /admin/migration}. */
    static MigrationStatus status(MigrationSnapshot status) {
        ControlState state = status.state();
        return new MigrationStatus(state.phase().name(), state.revision(),
                state.revision() == 0 ? null : state.changedAt().toString(),
                new Reads(state.readFlag().wireName(), state.rampPercent(), ReadRouter.effective(state)),
                guards(status.guards()), status.mirrorFailures(),
                status.nextPhase() == null ? null : status.nextPhase().name(), MigrationPhase.POINT_OF_NO_RETURN.name(),
                state.autoCutover(), ramp(state, status.ramp(), status.lastDecision()),
                rollbackReadiness(status.rollback()), replayQueue(status.replayQueue()),
                new MigrationStatus.Instance(status.nodeId(), status.ready(), status.writesFenced()),
                status.instances().stream().map(AdminViews::peer).toList());
    }

    /** {@code PUT /admin/migration/auto-cutover}: {@code from} and {@code to} are {@code {autoCutover}}. */
    static ChangeResult autoCutoverChange(ChangeOutcome result, MigrationSnapshot after) {
        return change(result, new ControlPoint(null, null, null, result.from().autoCutover()),
                new ControlPoint(null, null, null, result.to().autoCutover()), null, after);
    }

    /**
     * The automatic cutover's ramp: its steps and dwell, where the state is on it, when the dwell at
     * the current step ends (in READ_ENGINE), and this instance's latest decision.
     */
    static MigrationStatus.Ramp ramp(ControlState state, RampPlan plan, CutoverLoop.LastDecision last) {
        boolean ramping = state.phase() == MigrationPhase.READ_ENGINE;
        boolean stepped = ramping && state.revision() > 0;
        return new MigrationStatus.Ramp(plan.steps(), plan.dwell().toSeconds(), ramping ? state.rampPercent() : null,
                ramping ? plan.indexOf(state.rampPercent()).map(index -> index + 1).orElse(null) : null,
                stepped ? state.changedAt().toString() : null,
                stepped ? state.changedAt().plus(plan.dwell()).toString() : null,
                last == null ? null : lastDecision(last));
    }

    /** {@code {pending, oldestSeconds, toward: {legacy, engine}}}: every instance's entries. */
    static MigrationStatus.ReplayQueue replayQueue(ReplayQueue.Summary summary) {
        return new MigrationStatus.ReplayQueue(summary.pending(), summary.oldestSeconds(),
                new PerSide<>((long) summary.towardLegacy(), (long) summary.towardEngine()));
    }

    static MigrationStatus.RollbackReadiness rollbackReadiness(RollbackReadiness readiness) {
        return new MigrationStatus.RollbackReadiness(readiness.lossless(), readiness.detail());
    }

    private static MigrationStatus.Decision lastDecision(CutoverLoop.LastDecision last) {
        return new MigrationStatus.Decision(last.at().toString(), last.revision(),
                last.decision() instanceof CutoverDecision.Step ? "step" : "hold", last.decision().reason(),
                last.outcome());
    }

    /** A phase change: {@code from} and {@code to} are phase names. */
    static ChangeResult phaseChange(ChangeOutcome result, MigrationSnapshot after) {
        MigrationPhase from = result.from().phase();
        MigrationPhase to = result.to().phase();
        return change(result, ControlPoint.ofPhase(from.name()), ControlPoint.ofPhase(to.name()),
                to == MigrationPhase.POINT_OF_NO_RETURN && from != MigrationPhase.POINT_OF_NO_RETURN, after);
    }

    /** A read change or a rollback: {@code from} and {@code to} are {@code {flag, rampPercent}}. */
    static ChangeResult readsChange(ChangeOutcome result, MigrationSnapshot after) {
        return change(result, reads(result.from()), reads(result.to()), null, after);
    }

    /** {@code GET /admin/audit}. */
    static Audit audit(List<AuditEntry> entries) {
        return new Audit(entries.stream().map(AdminViews::auditEntry).toList());
    }

    static List<Guard> guards(List<GuardVerdict> verdicts) {
        return verdicts.stream()
                .map(verdict -> new Guard(verdict.name(), verdict.ok(), verdict.status().name(), verdict.reason()))
                .toList();
    }

    /** @param entersPointOfNoReturn sent with phase changes only (null leaves it out) */
    private static ChangeResult change(ChangeOutcome result, ControlPoint from, ControlPoint to,
                                       Boolean entersPointOfNoReturn, MigrationSnapshot after) {
        return new ChangeResult(result.action(), result.applied(), result.dryRun(), result.refusal() != null,
                result.refusal(), result.forced(), guards(result.guards()), result.to().revision(), from, to,
                entersPointOfNoReturn, status(after));
    }

    private static ControlPoint reads(ControlState state) {
        return new ControlPoint(null, state.readFlag().wireName(), state.rampPercent(), null);
    }

    private static Audit.Entry auditEntry(AuditEntry entry) {
        return new Audit.Entry(entry.revision(), entry.at().toString(), entry.action(), entry.actor(), entry.reason(),
                controlPoint(entry.from()), controlPoint(entry.to()), entry.forced(), entry.guards());
    }

    /** All four of a state's settings, as the audit shows both sides of every change. */
    private static ControlPoint controlPoint(ControlState state) {
        return new ControlPoint(state.phase().name(), state.readFlag().wireName(), state.rampPercent(),
                state.autoCutover());
    }
}
