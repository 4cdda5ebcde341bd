package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.cutover.CutoverLoop;
import dev.tandem.orchestrator.cutover.RampPlan;
import dev.tandem.orchestrator.guard.RollbackReadiness;
import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.instances.NodeIdClaims;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.ReplayQueue;

import java.util.List;

/**
 * The migration as one instance sees it: what {@code GET /admin/migration} is built from ({@link AdminViews#status}),
 * whose shape on the wire is the record {@code dev.tandem.admin.view.MigrationStatus}.
 *
 * @param state          the control state this instance applies
 * @param nextPhase      the next forward phase, or null in the last one
 * @param guards         the verdicts of the guards of the step to {@code nextPhase}
 * @param mirrorFailures mirror writes that failed on this instance since it started
 * @param nodeId         this instance's node id
 * @param ready          whether this instance has caught up with the control log and holds its lease
 * @param writesFenced   why this instance admits no write now (its control lease lapsed), or null
 * @param instances      the live instances of this migration, as this one reads them
 * @param rollback       whether a rollback to legacy now would lose anything
 * @param ramp           the automatic cutover's ramp
 * @param lastDecision   the latest decision of this instance's automatic cutover, or null before its first
 * @param replayQueue    the replay queue of failed mirror writes, every instance's
 */
public record MigrationSnapshot(ControlState state, MigrationPhase nextPhase, List<GuardVerdict> guards,
                              long mirrorFailures, int nodeId, boolean ready, String writesFenced,
                              List<NodeIdClaims.Peer> instances, RollbackReadiness rollback,
                              RampPlan ramp, CutoverLoop.LastDecision lastDecision, ReplayQueue.Summary replayQueue) {
}
