package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.client.Answer;
import dev.tandem.admin.client.OrchestratorUnreachableException;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationReport;
import dev.tandem.admin.view.VerificationStatus;

import java.io.PrintStream;

/**
 * {@code backfill} and {@code verify}: one call to the admin API, then with {@code --wait} a status request
 * every {@link Follow#interval()} until the job ends, with its progress line on stdout.
 */
final class JobCommands {
    private final AdminClient client;
    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final Follow follow;

    JobCommands(AdminClient client, Settings settings, PrintStream out, PrintStream err, Follow follow) {
        this.client = client;
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.follow = follow;
    }

    /** Runs {@code line} (a backfill or verify command); answers the exit code. */
    int run(CommandLine line) throws OrchestratorUnreachableException {
        try {
            return line.command() == Command.BACKFILL ? backfill(line) : verify(line);
        } catch (Stop stop) {
            return stop.exitCode;
        }
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

    /** 0 when the call succeeded (with --wait: the job is DONE), 1 when refused or the job FAILED. */
    private int backfill(CommandLine line) throws OrchestratorUnreachableException, Stop {
        @SuppressWarnings("unchecked") // a backfill command's call answers the backfill's status
        Answer<BackfillStatus> first = (Answer<BackfillStatus>) send(AdminRequest.of(line), null);
        Answer<BackfillStatus> answer = first;
        BackfillStatus status = value(line, answer, null);
        if (line.follow()) {
            Follow.Line progress = follow.line(out);
            while ("RUNNING".equals(status.state())) {
                if (!line.json()) {
                    progress.show(JobOutput.backfillProgress(status));
                }
                follow.pause();
                answer = send(AdminCall.backfill(), progress);
                status = value(line, answer, progress);
            }
            if (!line.json() && status.state() != null) {
                progress.end(JobOutput.backfillProgress(status));
                out.print(JobOutput.backfillDetails(status));
            }
        }
        if (line.json()) {
            out.println(answer.prettyJson());
        } else if (!line.follow() || status.state() == null) {
            out.print(JobOutput.backfill(status));
        }
        String state = status.state() == null ? "" : status.state();
        return state.equals("FAILED") || line.follow() && !state.equals("DONE") ? ExitCode.REFUSED : ExitCode.DONE;
    }

    private int verify(CommandLine line) throws OrchestratorUnreachableException, Stop {
        Answer<VerificationStatus> response;
        VerificationStatus status;
        if (line.target().equals("status")) {
            AdminCall<VerificationStatus> request = AdminCall.verification();
            response = client.send(request);
            if (response.status() == 404) {
                err.println("tandem: " + response.url() + " knows no verification run (404): " + response.detail()
                        + "; ./tandem verify starts one");
                return ExitCode.USAGE_OR_CONNECTION;
            }
            status = value(line, response, null);
            if (!line.follow()) {
                out.print(line.json() ? response.prettyJson() + "\n" : JobOutput.verification(status));
                return verdict(status);
            }
        } else {
            AdminCall<VerificationStatus> request = AdminCall.startVerification(line.reason());
            response = client.send(request);
            if (response.status() == 409 && line.follow()) {
                err.println("tandem: " + response.detail() + "; following that run");
                status = value(line, send(AdminCall.verification(), null), null);
            } else if (response.status() == 409) {
                // Not 1: for verify that means "the stores differ".
                if (line.json()) {
                    out.println(response.prettyJson());
                }
                err.println("tandem: refused: " + response.detail() + "; ./tandem verify status --wait follows the running run");
                return ExitCode.USAGE_OR_CONNECTION;
            } else {
                status = value(line, response, null);
                if (!line.follow()) {
                    out.print(line.json() ? response.prettyJson() + "\n" : "verification run " + HumanOutput.text(status.runId())
                            + " started in " + HumanOutput.text(status.phase()) + ", " + status.chunksTotal()
                            + " chunks; ./tandem verify status --wait follows it\n");
                    return ExitCode.DONE;
                }
            }
        }
        return followVerification(line, status);
    }

    private int followVerification(CommandLine line, VerificationStatus started) throws OrchestratorUnreachableException, Stop {
        VerificationStatus status = started;
        Follow.Line progress = follow.line(out);
        // A RUNNING run nobody works on (its process died) would never end: stop there, it has no verdict.
        while ("RUNNING".equals(status.state()) && !Boolean.FALSE.equals(status.active())) {
            if (!line.json()) {
                progress.show(JobOutput.verificationProgress(status));
            }
            follow.pause();
            status = value(line, send(AdminCall.verification(), progress), progress);
        }
        long runId = status.runId() == null ? 0 : status.runId();
        if (line.json()) {
            Answer<VerificationReport> report = send(AdminCall.verificationReport(runId), null);
            value(line, report, null);
            out.println(report.prettyJson());
            return verdict(status);
        }
        progress.end(JobOutput.verificationProgress(status));
        out.print(JobOutput.verdict(status));
        if ("DONE".equals(status.state()) && status.differences() > 0) {
            out.print(JobOutput.differences(value(line, send(AdminCall.verificationReport(runId), null), null)));
        }
        return verdict(status);
    }

    /** Sends {@code request}; a failure to reach the orchestrator ends the progress line first. */
    private <T> Answer<T> send(AdminCall<T> request, Follow.Line progress) throws OrchestratorUnreachableException {
        try {
            return client.send(request);
        } catch (OrchestratorUnreachableException e) {
            if (progress != null) {
                progress.interrupt();
            }
            throw e;
        }
    }

    /** The record of a 2xx {@code answer}; else the error is printed and the command stops. */
    private <T> T value(CommandLine line, Answer<T> answer, Follow.Line progress) throws Stop {
        if (answer.ok() && answer.unreadable() == null) {
            return answer.value();
        }
        if (progress != null) {
            progress.interrupt();
        }
        if (answer.ok()) {
            err.println("tandem: " + answer.unreadable());
            throw new Stop(ExitCode.USAGE_OR_CONNECTION);
        }
        throw new Stop(TandemCli.failure(line, settings, answer, out, err));
    }

    /** The command ends here with {@code exitCode}; what went wrong is printed already. */
    private static final class Stop extends Exception {
        private final int exitCode;

        Stop(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
