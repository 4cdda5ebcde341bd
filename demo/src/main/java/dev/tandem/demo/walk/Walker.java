package dev.tandem.demo.walk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.demo.admin.AdminApi;
import dev.tandem.demo.admin.AdminException;
import dev.tandem.demo.admin.BackfillView;
import dev.tandem.demo.admin.GuardView;
import dev.tandem.demo.admin.MigrationView;
import dev.tandem.demo.admin.VerificationView;
import dev.tandem.demo.workload.Workload;
import dev.tandem.demo.workload.WorkloadStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Walks the migration from LEGACY_ONLY to ENGINE_ONLY through the admin API, the way an operator
 * following the runbook would, while the workload runs: dual-write, backfill, verify, shadow reads,
 * automatic cutover, a rollback drill, the write switch, the point of no return. Every forward step
 * waits for its guards and is never forced.
 */
public final class Walker {
    public static final String REASON_PREFIX = "tandem demo: ";

    /**
     * @param timeout      longest wait for any one thing (guards, a job, the cutover)
     * @param poll         pause between status reads
     * @param warmup       workload time in LEGACY_ONLY before the first step
     * @param drill        workload time with reads rolled back to legacy
     * @param engineWrites workload time in WRITE_ENGINE before the last verification
     */
    public record Timing(Duration timeout, Duration poll, Duration warmup, Duration drill, Duration engineWrites) {
    }

    private static final Duration WORKLOAD_LINE_EVERY = Duration.ofSeconds(10);
    /** Differences a failed verification prints of its report. */
    private static final int SHOWN_DIFFERENCES = 5;

    private final AdminApi admin;
    private final Workload workload;
    private final Clock clock;
    private final Timing timing;
    private final Consumer<String> out;
    private final WalkRecord record = new WalkRecord();
    private final Instant started;
    private Instant lastWorkloadLine;

    public Walker(AdminApi admin, Workload workload, Clock clock, Timing timing, Consumer<String> out) {
        this.admin = admin;
        this.workload = workload;
        this.clock = clock;
        this.timing = timing;
        this.out = out;
        this.started = clock.instant();
        this.lastWorkloadLine = started;
    }

    public WalkRecord record() {
        return record;
    }

    /** The whole walk; the workload is started here and left running for the caller to stop. */
    public void run() throws WalkFailure, InterruptedException {
        try {
            MigrationView first = migration();
            if (!first.phase().equals("LEGACY_ONLY")) {
                throw new WalkFailure("the demo walks the migration from LEGACY_ONLY, but it is in " + first.phase()
                        + " (ENGINE_ONLY has no way back): start from a fresh stack with ./tandem demo --fresh");
            }
            workload.start();
            say("workload", "started against the token API; reads go to " + first.effective());
            pause(timing.warmup());
            stepTo("DUAL_WRITE", "start dual writes");
            backfill();
            verify("after the backfill");
            stepTo("SHADOW_READ", "start shadow reads");
            verify("in SHADOW_READ (a verification counts in the phase it ran in)");
            autoCutover();
            rollbackDrill();
            verify("before the write switch");
            stepTo("WRITE_ENGINE", "the engine becomes primary, writes mirror back to legacy");
            say("workload", "running with the engine primary for " + Lines.duration(timing.engineWrites()));
            pause(timing.engineWrites());
            verify("before the point of no return");
            stepTo("ENGINE_ONLY", "complete the migration: the point of no return");
        } catch (AdminException e) {
            throw new WalkFailure(e.getMessage());
        }
    }

    // ---- phase steps -------------------------------------------------------------------------------

    private void stepTo(String target, String why) throws WalkFailure, AdminException, InterruptedException {
        Instant deadline = clock.instant().plus(timing.timeout());
        String lastWait = null;
        boolean reverified = false;
        while (true) {
            MigrationView view = migration();
            Decisions.Step step = Decisions.step(view, target);
            if (step instanceof Decisions.Arrived) {
                say("phase", "now in " + target);
                return;
            }
            if (step instanceof Decisions.Unexpected unexpected) {
                throw new WalkFailure(unexpected.why());
            }
            if (step instanceof Decisions.Wait wait) {
                if (!reverified && Decisions.needsNewVerification(view, record.lastVerification())) {
                    reverified = true;
                    verify("again: the last one does not count for this step any more");
                    continue;
                }
                String line = Decisions.describe(wait.failing());
                if (!line.equals(lastWait)) {
                    say("guards", "before " + target + ", waiting for " + names(wait.failing()) + ": " + line);
                    lastWait = line;
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new WalkFailure("gave up on the step to " + target + " after " + Lines.duration(timing.timeout())
                            + ": guards still failing: " + line);
                }
                pause(timing.poll());
                continue;
            }
            say("phase", view.phase() + " -> " + target + " (" + why + "; " + view.guards().size() + " guards pass)");
            try {
                JsonNode answer = admin.changePhase(target, REASON_PREFIX + why);
                if (answer.path("refused").asBoolean(false) || !answer.path("applied").asBoolean(true)) {
                    say("phase", "step to " + target + " not applied: " + answer.path("refusal").asText("no reason given"));
                    pause(timing.poll());
                }
            } catch (AdminException.Refused refused) {
                // A guard may turn between the read and the step; the loop reads again and says which.
                say("phase", refused.getMessage());
                if (clock.instant().isAfter(deadline)) {
                    throw new WalkFailure("gave up on the step to " + target + ": " + refused.getMessage());
                }
                pause(timing.poll());
            }
        }
    }

    // ---- jobs --------------------------------------------------------------------------------------

    private void backfill() throws WalkFailure, AdminException, InterruptedException {
        say("backfill", "copying the legacy rows into the engine (POST /admin/backfill)");
        Instant start = clock.instant();
        try {
            admin.startBackfill(REASON_PREFIX + "copy the legacy rows into the engine");
        } catch (AdminException.Refused refused) {
            // Already running or done (e.g. started by hand): the status below tells which.
            say("backfill", refused.getMessage());
        }
        Instant deadline = start.plus(timing.timeout());
        while (true) {
            BackfillView view = admin.backfill();
            Decisions.Standing standing = Decisions.backfill(view);
            switch (standing.progress()) {
                case DONE -> {
                    Duration took = Duration.between(start, clock.instant());
                    record.backfilled(view, took);
                    say("backfill", Lines.backfill(view) + " in " + Lines.duration(took));
                    if (view.liveOnlyInLegacy() > 0) {
                        say("backfill", Lines.count(view.liveOnlyInLegacy()) + " live tokens exist only in legacy (expiring"
                                + " soon, not copied); the last expires at " + view.lastLegacyOnlyExpiry());
                    }
                    return;
                }
                case FAILED -> throw new WalkFailure(standing.why());
                default -> {
                    say("backfill", Lines.backfill(view));
                    if (clock.instant().isAfter(deadline)) {
                        throw new WalkFailure("the backfill is not DONE after " + Lines.duration(timing.timeout()) + ": "
                                + Lines.backfill(view));
                    }
                    pause(timing.poll());
                }
            }
        }
    }

    private void verify(String when) throws WalkFailure, AdminException, InterruptedException {
        say("verify", "full verification " + when + " (POST /admin/verification)");
        VerificationView previous = record.lastVerification();
        String runId = null;
        try {
            runId = VerificationView.runId(admin.startVerification(REASON_PREFIX + "full verification " + when));
        } catch (AdminException.Refused refused) {
            say("verify", refused.getMessage());
        }
        Instant deadline = clock.instant().plus(timing.timeout());
        while (true) {
            VerificationView view = admin.verification();
            Decisions.Standing standing = Decisions.verification(view, runId, previous == null ? null : previous.runId());
            switch (standing.progress()) {
                case DONE -> {
                    record.verified(view);
                    say("verify", Lines.verification(view));
                    if (!view.clean()) {
                        throw new WalkFailure("verification run " + view.runId() + " found " + view.differences()
                                + " differences between the stores (see GET /admin/verification, ./tandem verify -o json)"
                                + firstDifferences());
                    }
                    return;
                }
                case FAILED -> throw new WalkFailure(standing.why());
                default -> {
                    if (view.runId() != null && (runId == null || runId.equals(view.runId()))) {
                        say("verify", Lines.verification(view));
                    }
                    if (clock.instant().isAfter(deadline)) {
                        throw new WalkFailure("the verification is not DONE after " + Lines.duration(timing.timeout()));
                    }
                    pause(timing.poll());
                }
            }
        }
    }

    // ---- cutover and the drill ---------------------------------------------------------------------

    private void autoCutover() throws WalkFailure, AdminException, InterruptedException {
        say("cutover", "automatic cutover on: reads move to the engine step by step while the guards hold");
        admin.autoCutover(true, REASON_PREFIX + "let automatic cutover move reads to the engine");
        awaitCutover();
    }

    private void awaitCutover() throws WalkFailure, AdminException, InterruptedException {
        Instant deadline = clock.instant().plus(timing.timeout());
        String lastStep = null;
        String lastWait = null;
        boolean reverified = false;
        while (true) {
            MigrationView view = migration();
            String step = Decisions.rampStep(view);
            if (!step.equals(lastStep)) {
                say("cutover", "at " + step + " (read flag " + view.readFlag() + ", reads go to " + view.effective() + ")");
                record.rampStep(step);
                lastStep = step;
            }
            Decisions.Standing standing = Decisions.cutover(view);
            if (standing.progress() == Decisions.Progress.DONE) {
                return;
            }
            if (standing.progress() == Decisions.Progress.FAILED) {
                throw new WalkFailure(standing.why());
            }
            if (view.phase().equals(Decisions.SHADOW_READ) && !view.failingGuards().isEmpty()) {
                if (!reverified && Decisions.needsNewVerification(view, record.lastVerification())) {
                    reverified = true;
                    verify("again: the last one does not count for this step any more");
                    continue;
                }
                String line = Decisions.describe(view.failingGuards());
                if (!line.equals(lastWait)) {
                    say("guards", "automatic cutover waits for " + names(view.failingGuards()) + ": " + line);
                    lastWait = line;
                }
            }
            if (clock.instant().isAfter(deadline)) {
                throw new WalkFailure("automatic cutover did not bring every read to the engine within "
                        + Lines.duration(timing.timeout()) + "; it is at " + step
                        + (view.failingGuards().isEmpty() ? "" : "; failing guards: " + Decisions.describe(view.failingGuards())));
            }
            pause(timing.poll());
        }
    }

    private void rollbackDrill() throws WalkFailure, AdminException, InterruptedException {
        say("drill", "rollback drill: every read back to legacy at once (POST /admin/migration/rollback)");
        WorkloadStats.Snapshot before = workload.snapshot();
        admin.rollback(REASON_PREFIX + "rollback drill");
        MigrationView view = migration();
        if (!view.readFlag().equals("legacy")) {
            throw new WalkFailure("after the rollback the read flag is " + view.readFlag() + ", not legacy");
        }
        say("drill", "reads go to " + view.effective() + "; the workload keeps running for " + Lines.duration(timing.drill()));
        pause(timing.drill());
        WorkloadStats.Snapshot after = workload.snapshot();
        String verdict = Decisions.drillVerdict(before, after);
        if (verdict != null) {
            throw new WalkFailure(verdict);
        }
        say("drill", Lines.count(after.served() - before.served()) + " requests served through the rollback, none failed;"
                + " read flag back to auto");
        admin.reads("auto", REASON_PREFIX + "rollback drill over: reads follow the phase again");
        awaitCutover();
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private MigrationView migration() throws AdminException, InterruptedException {
        MigrationView view = admin.migration();
        record.phases().observe(view.phase(), clock.instant());
        record.phase(view.phase());
        workload.phase(view.phase());
        return view;
    }

    /**
     * The first differences of the last run, as the report gives them, for the failure line: a run the
     * demo cannot show again (CI discards the stack) should say what it found.
     */
    private String firstDifferences() {
        try {
            JsonNode items = admin.verificationReport().path("items");
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < Math.min(items.size(), SHOWN_DIFFERENCES); i++) {
                out.append(System.lineSeparator()).append("      ").append(items.get(i));
            }
            return out.toString();
        } catch (AdminException e) {
            return " (the report could not be read: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void pause(Duration duration) throws InterruptedException {
        Instant until = clock.instant().plus(duration);
        Instant now;
        while ((now = clock.instant()).isBefore(until)) {
            Thread.sleep(Math.min(Duration.between(now, until).toMillis() + 1, 1000));
            if (Duration.between(lastWorkloadLine, clock.instant()).compareTo(WORKLOAD_LINE_EVERY) >= 0) {
                lastWorkloadLine = clock.instant();
                say("workload", Lines.workload(workload.snapshot()));
            }
        }
    }

    private void say(String tag, String text) {
        Duration since = Duration.between(started, clock.instant());
        out.accept(String.format(Locale.ROOT, "%7s  %-9s %s", Lines.duration(since), tag, text));
    }

    private static String names(List<GuardView> guards) {
        return String.join(", ", guards.stream().map(GuardView::name).toList());
    }
}
