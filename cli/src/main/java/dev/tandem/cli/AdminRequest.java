package dev.tandem.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The admin API call a command makes.
 *
 * @param method HTTP method
 * @param path   path under the orchestrator's URL
 * @param body   JSON body, or null for none
 */
public record AdminRequest(String method, String path, ObjectNode body) {
    public static final String MIGRATION = "/admin/migration";
    public static final String PHASE = "/admin/migration/phase";
    public static final String READS = "/admin/migration/reads";
    public static final String ROLLBACK = "/admin/migration/rollback";
    public static final String AUTO_CUTOVER = "/admin/migration/auto-cutover";
    public static final String AUDIT = "/admin/audit";
    public static final String DIVERGENCE = "/admin/divergence";
    public static final String CHECKER = "/admin/checker";
    public static final String REPAIR = "/admin/repair";
    public static final String BACKFILL = "/admin/backfill";
    public static final String VERIFICATION = "/admin/verification";
    public static final String VERIFICATION_REPORT = "/admin/verification/report";

    /** The call {@code line} stands for. */
    public static AdminRequest of(CommandLine line) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (line.command()) {
            case STATUS -> new AdminRequest("GET", MIGRATION, null);
            case AUDIT -> new AdminRequest("GET", line.limit() == null ? AUDIT : AUDIT + "?limit=" + line.limit(), null);
            case PHASE -> new AdminRequest("POST", PHASE, json.objectNode()
                    .put("to", line.target())
                    .put("reason", line.reason())
                    .put("force", line.force())
                    .put("dryRun", line.dryRun()));
            case READS -> {
                ObjectNode body = json.objectNode().put("flag", line.target());
                // Without --ramp the field stays out, so the orchestrator keeps the current ramp.
                if (line.ramp() != null) {
                    body.put("rampPercent", line.ramp());
                }
                yield new AdminRequest("PUT", READS, body.put("reason", line.reason()).put("dryRun", line.dryRun()));
            }
            case ROLLBACK -> new AdminRequest("POST", ROLLBACK, json.objectNode()
                    .put("reason", line.reason())
                    .put("dryRun", line.dryRun()));
            case DIVERGENCE -> {
                StringBuilder query = new StringBuilder();
                if (line.severity() != null) {
                    query.append("severity=").append(line.severity());
                }
                if (line.limit() != null) {
                    query.append(query.isEmpty() ? "" : "&").append("limit=").append(line.limit());
                }
                yield new AdminRequest("GET", query.isEmpty() ? DIVERGENCE : DIVERGENCE + "?" + query, null);
            }
            case CHECKER -> new AdminRequest("GET", CHECKER, null);
            case REPAIR -> {
                ObjectNode body = json.objectNode();
                com.fasterxml.jackson.databind.node.ArrayNode ids = body.putArray("tokenIds");
                line.ids().forEach(ids::add);
                yield new AdminRequest("POST", REPAIR, body);
            }
            case CUTOVER -> new AdminRequest("PUT", AUTO_CUTOVER, json.objectNode()
                    .put("enabled", "on".equals(line.target()))
                    .put("reason", line.reason())
                    .put("dryRun", line.dryRun()));
            case BACKFILL -> {
                if (line.target().equals("status")) {
                    yield backfillStatus();
                }
                ObjectNode body = json.objectNode().put("action", line.target());
                // Absent fields keep what the job has: its rate, and no restart.
                if (line.rate() != null) {
                    body.put("rowsPerSecond", line.rate());
                }
                if (line.restart()) {
                    body.put("restart", true);
                }
                yield new AdminRequest("POST", BACKFILL, body.put("reason", line.reason()));
            }
            case VERIFY -> line.target().equals("status") ? verificationStatus()
                    : new AdminRequest("POST", VERIFICATION, json.objectNode().put("reason", line.reason()));
        };
    }

    /** The backfill's status, as {@code backfill status} and {@code --wait} ask for it. */
    public static AdminRequest backfillStatus() {
        return new AdminRequest("GET", BACKFILL, null);
    }

    /** The latest verification run. */
    public static AdminRequest verificationStatus() {
        return new AdminRequest("GET", VERIFICATION, null);
    }

    /** Every difference of run {@code runId}, with its status. */
    public static AdminRequest verificationReport(long runId) {
        return new AdminRequest("GET", VERIFICATION_REPORT + "?runId=" + runId, null);
    }

    /** Whether the call changes the control state. */
    public boolean mutating() {
        return !method.equals("GET");
    }
}
