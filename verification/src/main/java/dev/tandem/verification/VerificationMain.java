package dev.tandem.verification;

import dev.tandem.commandline.Commands;
import dev.tandem.engine.schema.EngineSchema;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Runs one verification to its end from the command line (kill tests, {@code ./tandem bench verify}):
 * starts or resumes a run, waits, prints a summary with the rate, and exits 0 when the stores agree,
 * 1 when they differ, 2 on error.
 */
public final class VerificationMain {
    public static final int EQUAL = 0;
    public static final int DIFFERENT = 1;
    public static final int ERROR = 2;

    private VerificationMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole command; answers the exit status. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return Commands.run("verify", new MainOptions(environment, options -> verify(options, out, err)), args, out, err,
                MainOptions.SECRETS);
    }

    private static int verify(MainOptions.Options options, PrintStream out, PrintStream err) {
        PrintStream summary = options.json() ? err : out;
        try {
            if (options.migrate()) {
                EngineSchema.migrate(options.engineUrl(), options.engineUser(), options.enginePassword());
                VerificationSchema.migrate(options.engineUrl(), options.engineUser(), options.enginePassword());
            }
            ConnectionSource legacy = ConnectionSource.jdbc(options.legacyUrl(), options.legacyUser(), options.legacyPassword());
            ConnectionSource engine = ConnectionSource.jdbc(options.engineUrl(), options.engineUser(), options.enginePassword());
            try (Verification verification = new Verification(legacy, engine, options.settings())) {
                long runId = verification.start(options.phase());
                Verification.LocalRun run = verification.localRun().orElseThrow();
                if (run.chunksDoneBefore() > 0) {
                    summary.printf(Locale.ROOT, "resumed run %d: %d of %d chunks already done%n",
                            runId, run.chunksDoneBefore(), run.chunksTotal());
                } else {
                    summary.printf(Locale.ROOT, "started run %d in phase %s: %d chunks%n", runId, options.phase(), run.chunksTotal());
                }
                summary.flush();
                VerificationStatus status = run.completion().get();
                summary.printf(Locale.ROOT, "this process compared %d chunks, %d rows in %.2f s: %.0f rows/s%n",
                        run.computedChunks(), run.computedRows(), run.seconds(),
                        run.seconds() == 0 ? 0.0 : run.computedRows() / run.seconds());
                summary.printf(Locale.ROOT, "run %d %s: %d rows compared, %d/%d chunks, %d differences%s%n", runId,
                        status.state(), status.rowsCompared(), status.chunksDone(), status.chunksTotal(), status.differences(),
                        status.state() != VerificationState.DONE ? "" : status.clean() ? ": the stores agree" : ": the stores differ");
                if (options.json()) {
                    out.println(verification.report(runId).toJson());
                }
                if (status.state() == VerificationState.FAILED) {
                    err.println("verify: run " + runId + " failed: " + status.error());
                    return ERROR;
                }
                return status.clean() ? EQUAL : DIFFERENT;
            }
        } catch (VerificationBusyException e) {
            err.println("verify: " + e.getMessage());
            return ERROR;
        } catch (ExecutionException e) {
            err.println("verify: " + e.getCause().getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("verify: interrupted");
            return ERROR;
        } catch (RuntimeException e) {
            err.println("verify: " + e.getMessage());
            return ERROR;
        }
    }
}
