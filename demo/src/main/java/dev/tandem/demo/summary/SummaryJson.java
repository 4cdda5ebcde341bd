package dev.tandem.demo.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.Operation;
import dev.tandem.demo.workload.WorkloadStats;

import java.time.Duration;
import java.util.Map;

/** The summary for scripts ({@code -o json}): durations in seconds, counts as numbers, the verdict as a list. */
public final class SummaryJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryJson() {
    }

    public static ObjectNode render(Summary summary) {
        ObjectNode root = JSON.createObjectNode();
        root.put("passed", summary.passed());
        ArrayNode why = root.putArray("why");
        summary.verdict().forEach(why::add);
        root.put("finalPhase", summary.finalPhase());
        root.put("totalSeconds", seconds(summary.total()));
        if (summary.failure() != null) {
            root.put("failure", summary.failure());
        }

        WorkloadStats.Snapshot workload = summary.workload();
        ObjectNode requests = root.putObject("requests");
        requests.put("served", workload.served());
        requests.put("failed", workload.failed());
        ObjectNode operations = requests.putObject("byOperation");
        for (Map.Entry<Operation, WorkloadStats.Counts> entry : workload.operations().entrySet()) {
            ObjectNode operation = operations.putObject(entry.getKey().label());
            operation.put("served", entry.getValue().served());
            operation.put("failed", entry.getValue().failed());
            ArrayNode reasons = operation.putArray("firstFailures");
            entry.getValue().firstFailures().forEach(reasons::add);
        }
        ObjectNode byPhase = requests.putObject("failedByPhase");
        workload.failedByPhase().forEach(byPhase::put);
        ObjectNode errors = requests.putObject("oauthErrors");
        ObjectNode expected = errors.putObject("expected");
        workload.expectedErrors().forEach(expected::put);
        ObjectNode unexpected = errors.putObject("unexpected");
        workload.unexpectedErrors().forEach(unexpected::put);

        ObjectNode phases = root.putObject("phaseSeconds");
        summary.phases().forEach((phase, spent) -> phases.put(phase, seconds(spent)));
        ArrayNode ramp = root.putArray("cutoverSteps");
        summary.rampSteps().forEach(ramp::add);

        ObjectNode backfill = root.putObject("backfill");
        backfill.put("seededTokens", summary.seededTokens());
        if (summary.backfill() != null) {
            backfill.put("state", summary.backfill().state());
            backfill.put("rowsScanned", summary.backfill().rowsScanned());
            backfill.put("rowsCopied", summary.backfill().rowsCopied());
            backfill.put("rowsSkippedExpiring", summary.backfill().rowsSkippedExpiring());
            backfill.put("rowsPerSecond", summary.backfill().rowsPerSecond());
            backfill.put("wallSeconds", seconds(summary.backfillTime()));
            Double wall = summary.backfillWallRate();
            if (wall != null) {
                backfill.put("wallRowsPerSecond", wall);
            }
        }

        ArrayNode verifications = root.putArray("verifications");
        for (VerificationStatus run : summary.verifications()) {
            ObjectNode node = verifications.addObject();
            // As text and as a double, as the summary has always given them, whatever the API's types.
            node.put("runId", run.runId() == null ? null : run.runId().toString());
            node.put("phase", run.phase());
            node.put("rowsCompared", run.rowsCompared());
            node.put("rowsPerSecond", (double) run.rowsPerSecond());
            node.put("differences", run.differences());
            node.put("clean", run.clean());
        }

        ObjectNode divergence = root.putObject("divergence");
        if (summary.settled() != null) {
            ObjectNode settled = divergence.putObject("settled");
            summary.settled().forEach(settled::put);
        } else {
            divergence.putNull("settled");
        }
        if (summary.repairs() != null) {
            ObjectNode repairs = divergence.putObject("repairs");
            summary.repairs().forEach(repairs::put);
        } else {
            divergence.putNull("repairs");
        }
        ArrayNode notes = root.putArray("notes");
        summary.notes().forEach(notes::add);
        ArrayNode where = root.putArray("whereToLook");
        summary.whereToLook().forEach(where::add);
        return root;
    }

    private static double seconds(Duration duration) {
        return duration == null ? 0 : duration.toMillis() / 1000.0;
    }
}
