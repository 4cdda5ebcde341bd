package dev.tandem.demo.walk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.AdminCallException;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.Guard;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.VerificationReport;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.Workload;
import dev.tandem.demo.workload.WorkloadStats;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
    /** Writes a difference back as the report sent it, for the failure line. */
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final AdminClient admin;
    private final Workload workload;
    private final Clock clock;
    private final Timing timing;
    private final Consumer<String> out;
    private final WalkRecord record = new WalkRecord();
    private final Instant started;
    private Instant lastWorkloadLine;

    public Walker(AdminClient admin, Workload workload, Clock clock, Timing timing, Consumer<String> out) {
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
            MigrationStatus first = migration();
            if (!first.phase().equals("LEGACY_ONLY")) {
                throw new WalkFailure("the demo walks the migration from LEGACY_ONLY, but it is in " + first.phase()
                        + " (ENGINE_ONLY has no way back): start from a fresh stack with ./tandem demo --fresh");
            }
            try {
                workload.start();
            } catch (IOException e) {
                throw new WalkFailure("the workload cannot start: " + e.getMessage());
            }
            say("workload", "OAuth apps registered (POST /admin/apps): " + String.join(", ", workload.apps().stream()
                    .map(app -> app.name() + (app.isPublic() ? " (public)" : " (confidential)")).toList()));
            say("workload", "started: code flows with PKCE, refreshes, introspections, revocations and replays through"
                    + " /oauth2; reads go to " + effective(first));
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
        } catch (AdminCallException e) {
            throw new WalkFailure(e.getMessage());
        }
    }

    // ---- phase steps -------------------------------------------------------------------------------

    private void stepTo(String target, String why) throws WalkFailure, AdminCallException, InterruptedException {
        Instant deadline = clock.instant().plus(timing.timeout());
        String lastWait = null;
        boolean reverified = false;
        while (true) {
            MigrationStatus view = migration();
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
                ChangeResult answer = admin.call(AdminCall.phase(target, REASON_PREFIX + why, false, false));
                if (answer.refused() || !answer.applied()) {
                    say("phase", "step to " + target + " not applied: "
                            + Objects.requireNonNullElse(answer.refusal(), "no reason given"));
                    pause(timing.poll());
                }
            } catch (AdminCallException refused) {
                if (!refused.refused()) {
                    throw refused;
                }
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

    private void backfill() throws WalkFailure, AdminCallException, InterruptedException {
        say("backfill", "copying the legacy rows into the engine (POST /admin/backfill)");
        Instant start = clock.instant();
        try {
            admin.call(AdminCall.backfill("start", null, false, REASON_PREFIX + "copy the legacy rows into the engine"));
        } catch (AdminCallException refused) {
            if (!refused.refused()) {
                throw refused;
            }
            // Already running or done (e.g. started by hand): the status below tells which.
            say("backfill", refused.getMessage());
        }
        Instant deadline = start.plus(timing.timeout());
        while (true) {
            BackfillStatus view = admin.call(AdminCall.backfill());
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

    private void verify(String when) throws WalkFailure, AdminCallException, InterruptedException {
        say("verify", "full verification " + when + " (POST /admin/verification)");
        VerificationStatus previous = record.lastVerification();
        Long runId = null;
        try {
            runId = admin.call(AdminCall.startVerification(REASON_PREFIX + "full verification " + when)).runId();
        } catch (AdminCallException refused) {
            if (!refused.refused()) {
                throw refused;
            }
            say("verify", refused.getMessage());
        }
        Instant deadline = clock.instant().plus(timing.timeout());
        while (true) {
            VerificationStatus view = admin.call(AdminCall.verification());
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

    private void autoCutover() throws WalkFailure, AdminCallException, InterruptedException {
        say("cutover", "automatic cutover on: reads move to the engine step by step while the guards hold");
        admin.call(AdminCall.autoCutover(true, REASON_PREFIX + "let automatic cutover move reads to the engine", false));
        awaitCutover();
    }

    private void awaitCutover() throws WalkFailure, AdminCallException, InterruptedException {
        Instant deadline = clock.instant().plus(timing.timeout());
        String lastStep = null;
        String lastWait = null;
        boolean reverified = false;
        while (true) {
            MigrationStatus view = migration();
            String step = Decisions.rampStep(view);
            if (!step.equals(lastStep)) {
                say("cutover", "at " + step + " (read flag " + view.reads().flag() + ", reads go to " + effective(view) + ")");
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

    private void rollbackDrill() throws WalkFailure, AdminCallException, InterruptedException {
        say("drill", "rollback drill: every read back to legacy at once (POST /admin/migration/rollback)");
        WorkloadStats.Snapshot before = workload.snapshot();
        admin.call(AdminCall.rollback(REASON_PREFIX + "rollback drill", false));
        MigrationStatus view = migration();
        if (!view.reads().flag().equals("legacy")) {
            throw new WalkFailure("after the rollback the read flag is " + view.reads().flag() + ", not legacy");
        }
        say("drill", "reads go to " + effective(view) + "; the workload keeps running for " + Lines.duration(timing.drill()));
        pause(timing.drill());
        WorkloadStats.Snapshot after = workload.snapshot();
        String verdict = Decisions.drillVerdict(before, after);
        if (verdict != null) {
            throw new WalkFailure(verdict);
        }
        say("drill", Lines.count(after.served() - before.served()) + " requests served through the rollback, none failed;"
                + " read flag back to auto");
        // No ramp given: the orchestrator keeps the ramp the cutover had reached.
        admin.call(AdminCall.reads("auto", null, REASON_PREFIX + "rollback drill over: reads follow the phase again", false));
        awaitCutover();
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    /** The migration's status; one without a phase or reads is no status the walk can act on. */
    private MigrationStatus migration() throws WalkFailure, AdminCallException {
        MigrationStatus view = admin.call(AdminCall.migration());
        if (view.phase() == null || view.reads() == null || view.reads().flag() == null) {
            throw new WalkFailure("GET /admin/migration at " + admin.base() + " answered no phase or read flag:"
                    + " is it a Tandem orchestrator of this version?");
        }
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
            List<VerificationReport.Difference> items = admin.call(AdminCall.verificationReport(null)).items();
            StringBuilder out = new StringBuilder();
            for (VerificationReport.Difference item : items.subList(0, Math.min(items.size(), SHOWN_DIFFERENCES))) {
                out.append(System.lineSeparator()).append("      ").append(JSON.writeValueAsString(item));
            }
            return out.toString();
        } catch (AdminCallException e) {
            return " (the report could not be read: " + e.getMessage() + ")";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a difference the report sent cannot be written back", e);
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

    private static String names(List<Guard> guards) {
        return String.join(", ", guards.stream().map(Guard::name).toList());
    }

    /** Where reads go now (legacy, engine or split); {@code ?} from an orchestrator that does not say. */
    private static String effective(MigrationStatus view) {
        return Objects.requireNonNullElse(view.reads().effective(), "?");
    }
}
