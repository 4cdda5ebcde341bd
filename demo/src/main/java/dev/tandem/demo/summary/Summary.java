package dev.tandem.demo.summary;

import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.WorkloadStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's result: what the workload saw, what the walk did, and the verdict.
 *
 * @param failure       why the walk stopped early, or null when it went through
 * @param phases        time in each phase, in the order entered
 * @param rampSteps     the cutover positions seen, in order (e.g. SHADOW_READ, READ_ENGINE 1%, ...)
 * @param finalPhase    the phase last seen, null if the orchestrator never answered
 * @param backfill      the backfill's last status, null if it never finished
 * @param backfillTime  wall time from starting the backfill to seeing it DONE, null if it never finished
 * @param verifications every finished verification, in order
 * @param settled       settled divergence by severity now (GET /admin/checker), null when not available
 * @param repairs       repairs by outcome (GET /admin/repair), null when not available
 * @param notes         why a part is not available (e.g. an endpoint that answered 404)
 * @param whereToLook   URLs and commands to look further
 */
public record Summary(String failure, WorkloadStats.Snapshot workload, Map<String, Duration> phases, List<String> rampSteps,
                      String finalPhase, long seededTokens, BackfillStatus backfill, Duration backfillTime,
                      List<VerificationStatus> verifications, Map<String, Long> settled, Map<String, Long> repairs,
                      List<String> notes, List<String> whereToLook, Duration total) {

    /** The phase the demo must end in. */
    public static final String GOAL_PHASE = "ENGINE_ONLY";

    /** Why the demo did not pass; empty when it passed: zero failed requests, ENGINE_ONLY, last verification clean. */
    public List<String> verdict() {
        return verdict(failure, workload.failed(), finalPhase, verifications.isEmpty() ? null : verifications.get(verifications.size() - 1));
    }

    public boolean passed() {
        return verdict().isEmpty();
    }

    static List<String> verdict(String failure, long failedRequests, String finalPhase, VerificationStatus lastVerification) {
        List<String> why = new ArrayList<>();
        if (failure != null) {
            why.add("the walk stopped: " + failure);
        }
        if (failedRequests > 0) {
            why.add(failedRequests + " workload requests failed (the goal is zero)");
        }
        if (!GOAL_PHASE.equals(finalPhase)) {
            why.add("the migration ended in " + (finalPhase == null ? "an unknown phase" : finalPhase) + ", not " + GOAL_PHASE);
        }
        if (lastVerification == null) {
            why.add("no verification finished");
        } else if (!lastVerification.clean()) {
            why.add("the last verification (run " + lastVerification.runId() + ") found " + lastVerification.differences()
                    + " differences");
        }
        return why;
    }

    /** Backfill rows copied per second of wall time seen by the demo, or null. */
    public Double backfillWallRate() {
        if (backfill == null || backfillTime == null || backfillTime.isZero()) {
            return null;
        }
        return backfill.rowsScanned() * 1000.0 / backfillTime.toMillis();
    }
}
