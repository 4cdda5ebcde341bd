package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.Audit;
import dev.tandem.admin.view.ControlPoint;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's JSON shapes, in one place so that the CLI and scripts can rely on them. Phases
 * are upper-case names, read flags lower-case; times are RFC 3339 UTC strings.
 */
final class AdminViews {
    private AdminViews() {
    }

    /** One live instance of {@code GET /admin/migration}'s {@code instances}. */
    private static Map<String, Object> peer(NodeIdClaims.Peer peer) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("nodeId", peer.nodeId());
        view.put("address", peer.address());
        view.put("instance", peer.instance().toString());
        view.put("revision", peer.revision());
        view.put("drainedRevision", peer.drainedRevision());
        view.put("lastSeenMs", Math.max(0, (System.nanoTime() - peer.seenAtNanos()) / 1_000_000));
        return view;
    }

    /** {@code GET /admin/migration}. */
    static Map<String, Object> status(MigrationStatus status) {
        ControlState state = status.state();
        Map<String, Object> reads = new LinkedHashMap<>();
        reads.put("flag", state.readFlag().wireName());
        reads.put("rampPercent", state.rampPercent());
        reads.put("effective", ReadRouter.effective(state));
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("nodeId", status.nodeId());
        instance.put("ready", status.ready());
        instance.put("writesFenced", status.writesFenced());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("phase", state.phase().name());
        view.put("revision", state.revision());
        view.put("changedAt", state.revision() == 0 ? null : state.changedAt().toString());
        view.put("reads", reads);
        view.put("guards", guards(status.guards()));
        view.put("mirrorFailures", status.mirrorFailures());
        view.put("nextPhase", status.nextPhase() == null ? null : status.nextPhase().name());
        view.put("pointOfNoReturn", MigrationPhase.POINT_OF_NO_RETURN.name());
        view.put("autoCutover", state.autoCutover());
        view.put("ramp", ramp(state, status.ramp(), status.lastDecision()));
        view.put("rollbackReadiness", rollbackReadiness(status.rollback()));
        view.put("replayQueue", replayQueue(status.replayQueue()));
        view.put("instance", instance);
        view.put("instances", status.instances().stream().map(AdminViews::peer).toList());
        return view;
    }

    /** {@code PUT /admin/migration/auto-cutover}: {@code from} and {@code to} are {@code {autoCutover}}. */
    static Map<String, Object> autoCutoverChange(ChangeResult result, MigrationStatus after) {
        Map<String, Object> view = change(result);
        view.put("from", Map.of("autoCutover", result.from().autoCutover()));
        view.put("to", Map.of("autoCutover", result.to().autoCutover()));
        view.put("state", status(after));
        return view;
    }

    /**
     * The automatic cutover's ramp: its steps and dwell, where the state is on it, when the dwell at
     * the current step ends (in READ_ENGINE), and this instance's latest decision.
     */
    static Map<String, Object> ramp(ControlState state, RampPlan plan, CutoverLoop.LastDecision last) {
        Map<String, Object> view = new LinkedHashMap<>();
        boolean ramping = state.phase() == MigrationPhase.READ_ENGINE;
        view.put("steps", plan.steps());
        view.put("dwellSeconds", plan.dwell().toSeconds());
        view.put("currentPercent", ramping ? state.rampPercent() : null);
        view.put("step", ramping ? plan.indexOf(state.rampPercent()).map(index -> index + 1).orElse(null) : null);
        view.put("stepSince", ramping && state.revision() > 0 ? state.changedAt().toString() : null);
        view.put("dwellEndsAt", ramping && state.revision() > 0 ? state.changedAt().plus(plan.dwell()).toString() : null);
        view.put("lastDecision", last == null ? null : lastDecision(last));
        return view;
    }

    /** {@code {pending, oldestSeconds, toward: {legacy, engine}}}: every instance's entries. */
    static Map<String, Object> replayQueue(ReplayQueue.Summary summary) {
        Map<String, Object> toward = new LinkedHashMap<>();
        toward.put("legacy", summary.towardLegacy());
        toward.put("engine", summary.towardEngine());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("pending", summary.pending());
        view.put("oldestSeconds", summary.oldestSeconds());
        view.put("toward", toward);
        return view;
    }

    static Map<String, Object> rollbackReadiness(RollbackReadiness readiness) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("lossless", readiness.lossless());
        view.put("detail", readiness.detail());
        return view;
    }

    private static Map<String, Object> lastDecision(CutoverLoop.LastDecision last) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", last.at().toString());
        view.put("revision", last.revision());
        view.put("decision", last.decision() instanceof CutoverDecision.Step ? "step" : "hold");
        view.put("reason", last.decision().reason());
        view.put("outcome", last.outcome());
        return view;
    }

    /** A phase change: {@code from} and {@code to} are phase names. */
    static Map<String, Object> phaseChange(ChangeResult result, MigrationStatus after) {
        Map<String, Object> view = change(result);
        view.put("from", result.from().phase().name());
        view.put("to", result.to().phase().name());
        view.put("entersPointOfNoReturn", result.to().phase() == MigrationPhase.POINT_OF_NO_RETURN
                && result.from().phase() != MigrationPhase.POINT_OF_NO_RETURN);
        view.put("state", status(after));
        return view;
    }

    /** A read change or a rollback: {@code from} and {@code to} are {@code {flag, rampPercent}}. */
    static Map<String, Object> readsChange(ChangeResult result, MigrationStatus after) {
        Map<String, Object> view = change(result);
        view.put("from", reads(result.from()));
        view.put("to", reads(result.to()));
        view.put("state", status(after));
        return view;
    }

    /** {@code GET /admin/audit}. */
    static Audit audit(List<AuditEntry> entries) {
        return new Audit(entries.stream().map(AdminViews::auditEntry).toList());
    }

    static List<Map<String, Object>> guards(List<GuardVerdict> verdicts) {
        return verdicts.stream().map(verdict -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", verdict.name());
            view.put("ok", verdict.ok());
            view.put("status", verdict.status().name());
            view.put("reason", verdict.reason());
            return view;
        }).toList();
    }

    private static Map<String, Object> change(ChangeResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", result.action());
        view.put("applied", result.applied());
        view.put("dryRun", result.dryRun());
        view.put("refused", result.refusal() != null);
        view.put("refusal", result.refusal());
        view.put("forced", result.forced());
        view.put("guards", guards(result.guards()));
        view.put("revision", result.to().revision());
        return view;
    }

    private static Map<String, Object> reads(ControlState state) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("flag", state.readFlag().wireName());
        view.put("rampPercent", state.rampPercent());
        return view;
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
