package dev.tandem.demo.walk;

import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.Guard;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.WorkloadStats;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the walker does next, decided from the admin API's answers only: no I/O here, so every
 * decision is testable on its own. A migration status here has a phase and reads (the walker reads no other).
 */
public final class Decisions {
    /** The guard that wants a fresh, clean verification; a stale one is re-run by the walker. */
    public static final String VERIFICATION_GUARD = "verification-clean";
    public static final String READ_ENGINE = "READ_ENGINE";
    public static final String SHADOW_READ = "SHADOW_READ";

    private Decisions() {
    }

    /** The next move toward a phase. */
    public sealed interface Step {
    }

    /** The migration is in the target phase. */
    public record Arrived() implements Step {
    }

    /** Every guard passes: ask for the step. */
    public record Request() implements Step {
    }

    /** Some guards fail: wait, and say which and why. */
    public record Wait(List<Guard> failing) implements Step {
    }

    /** The target is not the next step from where the migration is: someone else moved it. */
    public record Unexpected(String why) implements Step {
    }

    public static Step step(MigrationStatus view, String target) {
        if (view.phase().equals(target)) {
            return new Arrived();
        }
        if (!target.equals(view.nextPhase())) {
            return new Unexpected("the migration is in " + view.phase() + " and its next step is "
                    + (view.nextPhase() == null ? "none" : view.nextPhase()) + ", not " + target
                    + " (did someone else change it? see ./tandem audit)");
        }
        List<Guard> failing = view.failingGuards();
        return failing.isEmpty() ? new Request() : new Wait(failing);
    }

    /** Where a running job stands. */
    public enum Progress { RUNNING, DONE, FAILED }

    /** A job's standing and, when FAILED, why. */
    public record Standing(Progress progress, String why) {
        static Standing running() {
            return new Standing(Progress.RUNNING, null);
        }
    }

    public static Standing backfill(BackfillStatus view) {
        // A job never started has no state yet: the walker has just asked for it.
        return switch (Objects.requireNonNullElse(view.state(), "NOT_STARTED")) {
            case "DONE" -> new Standing(Progress.DONE, null);
            case "RUNNING", "NOT_STARTED" -> Standing.running();
            case "PAUSED" -> new Standing(Progress.FAILED, "the backfill is PAUSED (by an operator?): resume it with"
                    + " ./tandem backfill resume, or rerun the demo");
            case "FAILED" -> new Standing(Progress.FAILED, "the backfill FAILED" + (view.error() == null ? "" : ": " + view.error()));
            default -> new Standing(Progress.FAILED, "the backfill is in state " + view.state()
                    + ", which the demo does not know (valid: NOT_STARTED, RUNNING, PAUSED, DONE, FAILED)");
        };
    }

    /**
     * A verification the demo started: {@code runId} as starting it answered (null when it answered
     * none), {@code previousRunId} the last run the demo saw finish (null when none). Until the status
     * shows the new run, an earlier run is still on display: keep waiting. A finished run with
     * differences is DONE here; whether it is clean is the caller's verdict.
     */
    public static Standing verification(VerificationStatus view, Long runId, Long previousRunId) {
        if (runId != null ? !runId.equals(view.runId()) : previousRunId != null && previousRunId.equals(view.runId())) {
            return Standing.running();
        }
        return switch (Objects.requireNonNullElse(view.state(), "(none)")) {
            case "DONE" -> new Standing(Progress.DONE, null);
            case "RUNNING" -> Standing.running();
            case "FAILED" -> new Standing(Progress.FAILED, "verification run " + view.runId() + " FAILED");
            default -> new Standing(Progress.FAILED, "the verification is in state " + view.state()
                    + ", which the demo does not know (valid: RUNNING, DONE, FAILED)");
        };
    }

    /**
     * Whether the step waits on a verification that no longer counts: the verification guard fails
     * and the last run is finished but stale (another phase, or too old). Then the walker runs a new one.
     */
    public static boolean needsNewVerification(MigrationStatus migration, VerificationStatus last) {
        boolean guardFails = migration.failingGuards().stream().anyMatch(guard -> guard.name().equals(VERIFICATION_GUARD));
        if (!guardFails || last == null || !"DONE".equals(last.state())) {
            return false;
        }
        return Boolean.FALSE.equals(last.fresh()) || (last.phase() != null && !last.phase().equals(migration.phase()));
    }

    /** How automatic cutover is doing: DONE at READ_ENGINE with every read on the engine. */
    public static Standing cutover(MigrationStatus view) {
        if (view.phase().equals(READ_ENGINE) && rampPercent(view) >= 100 && !view.reads().flag().equals("legacy")) {
            return new Standing(Progress.DONE, null);
        }
        if (view.phase().equals(SHADOW_READ) || view.phase().equals(READ_ENGINE)) {
            return Standing.running();
        }
        return new Standing(Progress.FAILED, "automatic cutover left the read phases: the migration is in "
                + view.phase() + " (see ./tandem audit)");
    }

    /** A name for the cutover's position, to print each ramp step once: "SHADOW_READ" or "READ_ENGINE 10%". */
    public static String rampStep(MigrationStatus view) {
        return view.phase().equals(READ_ENGINE) ? READ_ENGINE + " " + rampPercent(view) + "%" : view.phase();
    }

    /** The engine's share of reads in READ_ENGINE with flag auto; 0 when the status does not say. */
    static int rampPercent(MigrationStatus view) {
        return Objects.requireNonNullElse(view.reads().rampPercent(), 0);
    }

    /** Whether the workload kept succeeding between two snapshots: requests served, none failed. */
    public static String drillVerdict(WorkloadStats.Snapshot before, WorkloadStats.Snapshot after) {
        long served = after.served() - before.served();
        long failed = after.failed() - before.failed();
        if (failed > 0) {
            return failed + " requests failed during the rollback drill";
        }
        if (served == 0) {
            return "no request was served during the rollback drill";
        }
        return null;
    }

    /** The failing guards as one line each: {@code name: STATUS (reason)}. */
    public static String describe(List<Guard> failing) {
        return failing.stream().map(Guard::line).collect(Collectors.joining("; "));
    }
}
