package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;

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
    static int verdict(JsonNode status) {
        return switch (status.path("state").asText("")) {
            case "DONE" -> status.path("differences").asLong() == 0 ? ExitCode.DONE : ExitCode.STORES_DIFFER;
            case "FAILED" -> ExitCode.VERIFICATION_FAILED;
            case "RUNNING" -> ExitCode.NO_VERDICT;
            // A state this CLI does not know (a newer orchestrator): no verdict it can vouch for.
            default -> ExitCode.USAGE_OR_CONNECTION;
        };
    }

    /** 0 when the call succeeded (with --wait: the job is DONE), 1 when refused or the job FAILED. */
    private int backfill(CommandLine line) throws OrchestratorUnreachableException, Stop {
        JsonNode status = call(line, AdminRequest.of(line), null);
        if (line.follow()) {
            Follow.Line progress = follow.line(out);
            while ("RUNNING".equals(status.path("state").asText())) {
                if (!line.json()) {
                    progress.show(JobOutput.backfillProgress(status));
                }
                follow.pause();
                status = call(line, AdminRequest.backfillStatus(), progress);
            }
            if (!line.json() && status.path("state").isTextual()) {
                progress.end(JobOutput.backfillProgress(status));
                out.print(JobOutput.backfillDetails(status));
            }
        }
        if (line.json()) {
            out.println(TandemCli.pretty(status));
        } else if (!line.follow() || !status.path("state").isTextual()) {
            out.print(JobOutput.backfill(status));
        }
        String state = status.path("state").asText("");
        return state.equals("FAILED") || line.follow() && !state.equals("DONE") ? ExitCode.REFUSED : ExitCode.DONE;
    }

    private int verify(CommandLine line) throws OrchestratorUnreachableException, Stop {
        JsonNode status;
        if (line.target().equals("status")) {
            AdminRequest request = AdminRequest.verificationStatus();
            AdminClient.Response response = client.send(request);
            if (response.status() == 404) {
                err.println("tandem: " + response.url() + " knows no verification run (404): " + response.detail()
                        + "; ./tandem verify starts one");
                return ExitCode.USAGE_OR_CONNECTION;
            }
            status = checked(line, request, response, null);
            if (!line.follow()) {
                out.print(line.json() ? TandemCli.pretty(status) + "\n" : JobOutput.verification(status));
                return verdict(status);
            }
        } else {
            AdminRequest request = AdminRequest.of(line);
            AdminClient.Response response = client.send(request);
            if (response.status() == 409 && line.follow()) {
                err.println("tandem: " + response.detail() + "; following that run");
                status = call(line, AdminRequest.verificationStatus(), null);
            } else if (response.status() == 409) {
                // Not 1: for verify that means "the stores differ".
                if (line.json()) {
                    out.println(TandemCli.pretty(response.body()));
                }
                err.println("tandem: refused: " + response.detail() + "; ./tandem verify status --wait follows the running run");
                return ExitCode.USAGE_OR_CONNECTION;
            } else {
                status = checked(line, request, response, null);
                if (!line.follow()) {
                    out.print(line.json() ? TandemCli.pretty(status) + "\n" : "verification run " + HumanOutput.text(status.path("runId"))
                            + " started in " + HumanOutput.text(status.path("phase")) + ", " + status.path("chunksTotal").asInt()
                            + " chunks; ./tandem verify status --wait follows it\n");
                    return ExitCode.DONE;
                }
            }
        }
        return followVerification(line, status);
    }

    private int followVerification(CommandLine line, JsonNode started) throws OrchestratorUnreachableException, Stop {
        JsonNode status = started;
        Follow.Line progress = follow.line(out);
        // A RUNNING run nobody works on (its process died) would never end: stop there, it has no verdict.
        while ("RUNNING".equals(status.path("state").asText()) && status.path("active").asBoolean(true)) {
            if (!line.json()) {
                progress.show(JobOutput.verificationProgress(status));
            }
            follow.pause();
            status = call(line, AdminRequest.verificationStatus(), progress);
        }
        long runId = status.path("runId").asLong();
        if (line.json()) {
            out.println(TandemCli.pretty(call(line, AdminRequest.verificationReport(runId), null)));
            return verdict(status);
        }
        progress.end(JobOutput.verificationProgress(status));
        out.print(JobOutput.verdict(status));
        if ("DONE".equals(status.path("state").asText()) && status.path("differences").asLong() > 0) {
            out.print(JobOutput.differences(call(line, AdminRequest.verificationReport(runId), null)));
        }
        return verdict(status);
    }

    /** Sends {@code request}; its answer when it succeeded, else the error is printed and the command stops. */
    private JsonNode call(CommandLine line, AdminRequest request, Follow.Line progress)
            throws OrchestratorUnreachableException, Stop {
        AdminClient.Response response;
        try {
            response = client.send(request);
        } catch (OrchestratorUnreachableException e) {
            if (progress != null) {
                progress.interrupt();
            }
            throw e;
        }
        return checked(line, request, response, progress);
    }

    private JsonNode checked(CommandLine line, AdminRequest request, AdminClient.Response response, Follow.Line progress)
            throws Stop {
        if (response.ok()) {
            return response.body();
        }
        if (progress != null) {
            progress.interrupt();
        }
        throw new Stop(TandemCli.failure(line, request, settings, response, out, err));
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
