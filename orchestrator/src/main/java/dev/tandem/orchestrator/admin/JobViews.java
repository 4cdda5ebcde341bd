package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.VerificationReport;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.verification.Difference;

import java.time.Duration;

/**
 * The answers of the bulk jobs' admin endpoints, as the records their clients read. The jobs' own types
 * ({@code dev.tandem.verification}) stay free of the admin API; times become RFC 3339 strings here.
 */
final class JobViews {
    private JobViews() {
    }

    /** {@code GET /admin/verification}: the run's status, whether it still counts for the guards, and how long runs do. */
    static VerificationStatus verification(dev.tandem.verification.VerificationStatus status, boolean fresh,
                                           Duration maxAge) {
        return new VerificationStatus(status.runId(), status.state().name(), status.phase(),
                status.startedAt().toString(), text(status.finishedAt()), status.rowsCompared(), status.chunksDone(),
                status.chunksTotal(), Math.round(status.rowsPerSecond()), status.differences(), status.clean(),
                status.active(), status.owner(), status.error(), fresh, maxAge.toString());
    }

    /** {@code GET /admin/verification/report}: the run's status and every difference, in id order. */
    static VerificationReport report(dev.tandem.verification.VerificationReport report) {
        dev.tandem.verification.VerificationStatus status = report.status();
        return new VerificationReport(status.runId(), status.state().name(), status.phase(),
                status.startedAt().toString(), text(status.finishedAt()), status.rowsCompared(), status.chunksDone(),
                status.chunksTotal(), Math.round(status.rowsPerSecond()), status.differences(), status.clean(),
                status.active(), status.owner(), status.error(),
                report.differences().stream().map(JobViews::difference).toList());
    }

    private static VerificationReport.Difference difference(Difference difference) {
        return new VerificationReport.Difference(difference.entity().wireName(), difference.id(),
                difference.kind().wireName(), difference.fields(),
                difference.legacy(), difference.engine(), difference.detail());
    }

    private static String text(Object time) {
        return time == null ? null : time.toString();
    }
}
