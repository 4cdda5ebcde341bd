package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.Answer;
import dev.tandem.admin.client.OrchestratorUnreachableException;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationReport;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.commandline.UsageException;
import dev.tandem.commandline.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;

/**
 * {@code backfill} and {@code verify}: one call to the admin API, then with {@code --wait} a status request
 * every {@link Follow#interval()} until the job ends, with its progress line on stdout.
 */
final class JobCommands {
    /** What {@code verify} sends when no {@code --reason} is given: starting a run changes nothing. */
    static final String DEFAULT_VERIFY_REASON = "requested with ./tandem verify";

    private JobCommands() {
    }

    /**
     * The exit code of a verification run: 0 the stores agree, 1 they differ, 3 the run failed,
     * 4 no verdict yet.
     */
    static int verdict(VerificationStatus status) {
        return switch (status.state() == null ? "" : status.state()) {
            case "DONE" -> status.differences() == 0 ? ExitCode.DONE : ExitCode.STORES_DIFFER;
            case "FAILED" -> ExitCode.VERIFICATION_FAILED;
            case "RUNNING" -> ExitCode.NO_VERDICT;
            // A state this CLI does not know (a newer orchestrator): no verdict it can vouch for.
            default -> ExitCode.USAGE_OR_CONNECTION;
        };
    }

    /** A job command: {@code --wait}, and the end of the command when an answer is an error. */
    abstract static class Job extends AdminCommand {
        @Option(names = "--wait", order = 9, arity = "0", description = "follow the job with a progress bar until it ends")
        boolean follow;

        @Override
        final int run(Session session) throws OrchestratorUnreachableException {
            try {
                return follow(session);
            } catch (Stop stop) {
                return stop.exitCode;
            }
        }

        abstract int follow(Session session) throws OrchestratorUnreachableException, Stop;

        /** Sends {@code request}; a failure to reach the orchestrator ends the progress line first. */
        static <T> Answer<T> send(Session session, AdminCall<T> request, Follow.Line progress)
                throws OrchestratorUnreachableException {
            try {
                return session.client().send(request);
            } catch (OrchestratorUnreachableException e) {
                if (progress != null) {
                    progress.interrupt();
                }
                throw e;
            }
        }

        /** The record of a 2xx {@code answer}; else the error is printed and the command stops. */
        <T> T value(Session session, Answer<T> answer, Follow.Line progress) throws Stop {
            if (answer.ok() && answer.unreadable() == null) {
                return answer.value();
            }
            if (progress != null) {
                progress.interrupt();
            }
            if (answer.ok()) {
                session.err().println("tandem: " + answer.unreadable());
                throw new Stop(ExitCode.USAGE_OR_CONNECTION);
            }
            throw new Stop(session.failure(this, answer));
        }
    }

    @Command(name = "backfill", footer = {"", Settings.TOKEN_HELP, "", ExitCode.BACKFILL_HELP}, description = {
            "copy legacy's existing tokens into the engine: status, start, pause, resume, rate; progress and ETA", "",
            """
            Copy the tokens legacy held before the dual write began into the engine, in id order and in
            chunks, never over a newer record and never reviving a revoked token (operator role):
              status   show the progress (needs no --reason)
              start    start in DUAL_WRITE or later; --restart copies again from the first id
              pause    stop after the current chunk; the checkpoint stays
              resume   go on from the checkpoint (also after FAILED)
              rate     change the rate limit while running: --rate N rows per second, 0 for none
            The job slows by itself while the checker lags. Tokens expiring within the horizon are not
            copied: the output counts the live ones left only in legacy, and when the last expires.
            --wait follows the job until it is DONE, FAILED or PAUSED: a progress bar redrawn in place on
            a terminal, a line every 5 s otherwise (logs, CI).
            Examples:
              ./tandem backfill start --rate 20000 --reason "CHG-42 copy the old tokens" --wait
              ./tandem backfill rate --rate 5000 --reason "INC-7 engine p99 high\""""})
    static final class Backfill extends Job {
        static final List<String> ACTIONS = List.of("status", "start", "pause", "resume", "rate");
        /** The backfill's own bound on a rate limit (BackfillSettings.MAX_ROWS_PER_SECOND). */
        static final int MAX_RATE = 10_000_000;

        @Parameters(arity = "0..1", paramLabel = "status|start|pause|resume|rate", description = "what to do")
        String action;
        @Option(names = "--reason", paramLabel = "TEXT", order = 1,
                description = "why, in your words; the orchestrator logs it (required, except for status)")
        String reason;
        @Option(names = "--restart", order = 8, arity = "0", description = "start: copy again from the first id, also after DONE")
        boolean restart;
        private Integer rate;

        @Option(names = "--rate", paramLabel = "N", order = 7,
                description = "rows per second, 0 for no limit (start, resume; rate changes it while running)")
        void rate(String value) {
            rate = (int) Values.whole(spec, "--rate", value, 0, MAX_RATE);
        }

        /** Which action takes which option; the reason is required by every action but status. */
        @Override
        void check() throws UsageException {
            String valid = " (valid: " + String.join(", ", ACTIONS) + ")";
            if (action == null) {
                throw new UsageException("backfill needs an action" + valid);
            }
            String lower = action.toLowerCase(Locale.ROOT);
            if (!ACTIONS.contains(lower)) {
                throw new UsageException("unknown backfill action '" + Values.abbreviate(action) + "'" + valid);
            }
            action = lower;
            onlyFor(rate != null, "--rate", List.of("start", "resume", "rate"));
            onlyFor(restart, "--restart", List.of("start"));
            // A pause answers once the job has stopped; there is nothing left to follow.
            onlyFor(follow, "--wait", List.of("status", "start", "resume", "rate"));
            onlyFor(reason != null, "--reason", List.of("start", "pause", "resume", "rate"));
            if (action.equals("rate") && rate == null) {
                throw new UsageException("backfill rate needs --rate N (valid: rows per second from 0 to " + MAX_RATE
                        + ", 0 for no limit)");
            }
            if (action.equals("status")) {
                return;
            }
            if (reason == null) {
                throw new UsageException("missing --reason for backfill " + action + " (valid: any text saying why,"
                        + " e.g. --reason \"CHG-42 copy the old tokens\"; the orchestrator logs it)");
            }
            reason = ChangeCommands.nonBlank(reason);
        }

        private void onlyFor(boolean given, String option, List<String> actions) throws UsageException {
            if (given && !actions.contains(action)) {
                throw new UsageException("option " + option + " is not for backfill " + action
                        + " (valid with: " + String.join(", ", actions) + ")");
            }
        }

        // Absent fields keep what the job has: its rate, and no restart.
        @Override
        AdminCall<BackfillStatus> request() {
            return action.equals("status") ? AdminCall.backfill() : AdminCall.backfill(action, rate, restart, reason);
        }

        /** 0 when the call succeeded (with --wait: the job is DONE), 1 when refused or the job FAILED. */
        @Override
        int follow(Session session) throws OrchestratorUnreachableException, Stop {
            Answer<BackfillStatus> answer = send(session, request(), null);
            BackfillStatus status = value(session, answer, null);
            if (follow) {
                Follow.Line progress = session.follow().line(session.out());
                while ("RUNNING".equals(status.state())) {
                    if (!json()) {
                        progress.show(JobOutput.backfillProgress(status));
                    }
                    session.follow().pause();
                    answer = send(session, AdminCall.backfill(), progress);
                    status = value(session, answer, progress);
                }
                if (!json() && status.state() != null) {
                    progress.end(JobOutput.backfillProgress(status));
                    session.out().print(JobOutput.backfillDetails(status));
                }
            }
            if (json()) {
                session.out().println(answer.prettyJson());
            } else if (!follow || status.state() == null) {
                session.out().print(JobOutput.backfill(status));
            }
            String state = status.state() == null ? "" : status.state();
            return state.equals("FAILED") || follow && !state.equals("DONE") ? ExitCode.REFUSED : ExitCode.DONE;
        }
    }

    @Command(name = "verify", footer = {"", Settings.TOKEN_HELP, "", ExitCode.VERIFY_HELP}, description = {
            "compare both stores over every token id: exit 0 when they agree, 1 when they differ", "",
            """
            Compare both stores over their whole key range as canonical records: chunk checksums computed
            in each database, record by record only where a chunk differs. One run at a time, in the
            current phase; a run counts for the guards while it is fresh (younger than the orchestrator's
            max age, same phase).
              ./tandem verify          start a run, print its id (exit 0 when started)
              ./tandem verify --wait   start a run and follow it with a progress bar, then print the
                                       verdict and the first 20 differences (id prefix, kind, fields);
                                       when a run is already running, follow that one
              ./tandem verify status   the latest run without starting one; --wait follows it
            -o json prints the run's status JSON; with --wait, its report: the status and every
            difference ("items") with both stores' canonical records.
            Example:
              ./tandem verify --wait || ./tandem verify status --wait -o json > differences.json"""})
    static final class Verify extends Job {
        @Parameters(arity = "0..1", paramLabel = "status", description = "the latest run, without starting one")
        String target;
        @Option(names = "--reason", paramLabel = "TEXT", order = 1,
                description = "why, in your words; the orchestrator logs it (default \"" + DEFAULT_VERIFY_REASON + "\")")
        String reason;

        @Override
        void check() throws UsageException {
            if (target != null && !target.equals("status")) {
                throw new UsageException("unexpected argument '" + Values.abbreviate(target)
                        + "' (valid: status, or nothing to start a run)");
            }
            if (status() && reason != null) {
                throw new UsageException("option --reason is not for verify status, which starts nothing"
                        + " (valid with: ./tandem verify --reason TEXT)");
            }
            reason = reason == null ? DEFAULT_VERIFY_REASON : ChangeCommands.nonBlank(reason);
        }

        private boolean status() {
            return target != null;
        }

        @Override
        AdminCall<VerificationStatus> request() {
            return status() ? AdminCall.verification() : AdminCall.startVerification(reason);
        }

        @Override
        int follow(Session session) throws OrchestratorUnreachableException, Stop {
            Answer<VerificationStatus> response = session.client().send(request());
            VerificationStatus status;
            if (status()) {
                if (response.status() == 404) {
                    session.err().println("tandem: " + response.url() + " knows no verification run (404): "
                            + response.detail() + "; ./tandem verify starts one");
                    return ExitCode.USAGE_OR_CONNECTION;
                }
                status = value(session, response, null);
                if (!follow) {
                    session.out().print(json() ? response.prettyJson() + "\n" : JobOutput.verification(status));
                    return verdict(status);
                }
            } else if (response.status() == 409 && follow) {
                session.err().println("tandem: " + response.detail() + "; following that run");
                status = value(session, send(session, AdminCall.verification(), null), null);
            } else if (response.status() == 409) {
                // Not 1: for verify that means "the stores differ".
                if (json()) {
                    session.out().println(response.prettyJson());
                }
                session.err().println("tandem: refused: " + response.detail()
                        + "; ./tandem verify status --wait follows the running run");
                return ExitCode.USAGE_OR_CONNECTION;
            } else {
                status = value(session, response, null);
                if (!follow) {
                    session.out().print(json() ? response.prettyJson() + "\n" : "verification run "
                            + HumanOutput.text(status.runId()) + " started in " + HumanOutput.text(status.phase()) + ", "
                            + status.chunksTotal() + " chunks; ./tandem verify status --wait follows it\n");
                    return ExitCode.DONE;
                }
            }
            return followRun(session, status);
        }

        private int followRun(Session session, VerificationStatus started) throws OrchestratorUnreachableException, Stop {
            VerificationStatus status = started;
            Follow.Line progress = session.follow().line(session.out());
            // A RUNNING run nobody works on (its process died) would never end: stop there, it has no verdict.
            while ("RUNNING".equals(status.state()) && !Boolean.FALSE.equals(status.active())) {
                if (!json()) {
                    progress.show(JobOutput.verificationProgress(status));
                }
                session.follow().pause();
                status = value(session, send(session, AdminCall.verification(), progress), progress);
            }
            long runId = status.runId() == null ? 0 : status.runId();
            if (json()) {
                Answer<VerificationReport> report = send(session, AdminCall.verificationReport(runId), null);
                value(session, report, null);
                session.out().println(report.prettyJson());
                return verdict(status);
            }
            progress.end(JobOutput.verificationProgress(status));
            session.out().print(JobOutput.verdict(status));
            if ("DONE".equals(status.state()) && status.differences() > 0) {
                session.out().print(JobOutput.differences(value(session,
                        send(session, AdminCall.verificationReport(runId), null), null)));
            }
            return verdict(status);
        }
    }

    /** The command ends here with {@code exitCode}; what went wrong is printed already. */
    static final class Stop extends Exception {
        private final int exitCode;

        Stop(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
