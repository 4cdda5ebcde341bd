package dev.tandem.admin.client;

import dev.tandem.admin.view.App;
import dev.tandem.admin.view.Apps;
import dev.tandem.admin.view.Audit;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.CheckerStatus;
import dev.tandem.admin.view.Divergences;
import dev.tandem.admin.view.JwsKeys;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.RepairResults;
import dev.tandem.admin.view.Repairs;
import dev.tandem.admin.view.VerificationReport;
import dev.tandem.admin.view.VerificationStatus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of the admin API and the record its answer reads into. Bodies keep their fields in the order
 * given; a null value is sent as JSON null, an absent field keeps the orchestrator's current setting.
 *
 * @param path   path and query under the orchestrator's URL
 * @param body   JSON body, or null for none
 * @param answer the record of a 2xx answer
 */
public record AdminCall<T>(String method, String path, Map<String, Object> body, Class<T> answer) {
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
    public static final String APPS = "/admin/apps";
    public static final String SIGNING_KEYS = "/admin/signing-keys";

    /** Whether the call changes the control state. */
    public boolean mutating() {
        return !method.equals("GET");
    }

    /** {@code GET /admin/migration}. */
    public static AdminCall<MigrationStatus> migration() {
        return new AdminCall<>("GET", MIGRATION, null, MigrationStatus.class);
    }

    /** {@code POST /admin/migration/phase}. */
    public static AdminCall<ChangeResult> phase(String to, String reason, boolean force, boolean dryRun) {
        return new AdminCall<>("POST", PHASE, body("to", to, "reason", reason, "force", force, "dryRun", dryRun),
                ChangeResult.class);
    }

    /** {@code PUT /admin/migration/reads}; a null {@code rampPercent} keeps the current ramp. */
    public static AdminCall<ChangeResult> reads(String flag, Integer rampPercent, String reason, boolean dryRun) {
        Map<String, Object> body = body("flag", flag);
        if (rampPercent != null) {
            body.put("rampPercent", rampPercent);
        }
        body.put("reason", reason);
        body.put("dryRun", dryRun);
        return new AdminCall<>("PUT", READS, body, ChangeResult.class);
    }

    /** {@code POST /admin/migration/rollback}. */
    public static AdminCall<ChangeResult> rollback(String reason, boolean dryRun) {
        return new AdminCall<>("POST", ROLLBACK, body("reason", reason, "dryRun", dryRun), ChangeResult.class);
    }

    /** {@code PUT /admin/migration/auto-cutover}. */
    public static AdminCall<ChangeResult> autoCutover(boolean enabled, String reason, boolean dryRun) {
        return new AdminCall<>("PUT", AUTO_CUTOVER, body("enabled", enabled, "reason", reason, "dryRun", dryRun),
                ChangeResult.class);
    }

    /** {@code GET /admin/apps}. */
    public static AdminCall<Apps> apps() {
        return new AdminCall<>("GET", APPS, null, Apps.class);
    }

    /** {@code GET /admin/apps/ID}. */
    public static AdminCall<App> app(String clientId) {
        return new AdminCall<>("GET", APPS + "/" + pathSegment(clientId), null, App.class);
    }

    /** {@code POST /admin/apps}: RFC 7591 names; a null {@code scope} registers none. */
    public static AdminCall<App> createApp(String name, List<String> redirectUris, String authMethod, String scope) {
        Map<String, Object> body = body("client_name", name, "redirect_uris", redirectUris,
                "token_endpoint_auth_method", authMethod);
        if (scope != null) {
            body.put("scope", scope);
        }
        return new AdminCall<>("POST", APPS, body, App.class);
    }

    /** {@code POST /admin/apps/ID/rotate-secret}. */
    public static AdminCall<App> rotateSecret(String clientId, boolean revokeOld) {
        return new AdminCall<>("POST", APPS + "/" + pathSegment(clientId) + "/rotate-secret",
                body("revoke_old", revokeOld), App.class);
    }

    /** {@code DELETE /admin/apps/ID}. */
    public static AdminCall<App> deleteApp(String clientId) {
        return new AdminCall<>("DELETE", APPS + "/" + pathSegment(clientId), null, App.class);
    }

    /** {@code GET /admin/signing-keys}. */
    public static AdminCall<JwsKeys> signingKeys() {
        return new AdminCall<>("GET", SIGNING_KEYS, null, JwsKeys.class);
    }

    /** {@code POST /admin/signing-keys}: a new key, signing after {@code publishAheadSeconds}. */
    public static AdminCall<JwsKeys.Key> rotateSigningKey(long publishAheadSeconds) {
        return new AdminCall<>("POST", SIGNING_KEYS, body("publish_ahead_seconds", publishAheadSeconds), JwsKeys.Key.class);
    }

    /** {@code POST /admin/signing-keys/KID/retire}. */
    public static AdminCall<JwsKeys> retireSigningKey(String kid) {
        return new AdminCall<>("POST", SIGNING_KEYS + "/" + pathSegment(kid) + "/retire", null, JwsKeys.class);
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code GET /admin/audit}; a null {@code limit} takes the orchestrator's default. */
    public static AdminCall<Audit> audit(Integer limit) {
        return new AdminCall<>("GET", limit == null ? AUDIT : AUDIT + "?limit=" + limit, null, Audit.class);
    }

    /** {@code GET /admin/divergence}; null filters are left out. */
    public static AdminCall<Divergences> divergence(String severity, Integer limit) {
        StringBuilder query = new StringBuilder();
        if (severity != null) {
            query.append("severity=").append(severity);
        }
        if (limit != null) {
            query.append(query.isEmpty() ? "" : "&").append("limit=").append(limit);
        }
        return new AdminCall<>("GET", query.isEmpty() ? DIVERGENCE : DIVERGENCE + "?" + query, null, Divergences.class);
    }

    /** {@code GET /admin/checker}. */
    public static AdminCall<CheckerStatus> checker() {
        return new AdminCall<>("GET", CHECKER, null, CheckerStatus.class);
    }

    /** {@code GET /admin/repair}: the latest repairs. */
    public static AdminCall<Repairs> repairs() {
        return new AdminCall<>("GET", REPAIR, null, Repairs.class);
    }

    /** {@code POST /admin/repair}: repairs {@code tokenIds} now. */
    public static AdminCall<RepairResults> repair(List<String> tokenIds) {
        return new AdminCall<>("POST", REPAIR, body("tokenIds", List.copyOf(tokenIds)), RepairResults.class);
    }

    /** {@code GET /admin/backfill}. */
    public static AdminCall<BackfillStatus> backfill() {
        return new AdminCall<>("GET", BACKFILL, null, BackfillStatus.class);
    }

    /**
     * {@code POST /admin/backfill}: {@code action} start, pause, resume or rate; a null {@code rowsPerSecond}
     * keeps the job's rate, {@code restart} false leaves the field out.
     */
    public static AdminCall<BackfillStatus> backfill(String action, Integer rowsPerSecond, boolean restart, String reason) {
        Map<String, Object> body = body("action", action);
        if (rowsPerSecond != null) {
            body.put("rowsPerSecond", rowsPerSecond);
        }
        if (restart) {
            body.put("restart", true);
        }
        body.put("reason", reason);
        return new AdminCall<>("POST", BACKFILL, body, BackfillStatus.class);
    }

    /** {@code GET /admin/verification}: the latest run. */
    public static AdminCall<VerificationStatus> verification() {
        return new AdminCall<>("GET", VERIFICATION, null, VerificationStatus.class);
    }

    /** {@code POST /admin/verification}: starts a run. */
    public static AdminCall<VerificationStatus> startVerification(String reason) {
        return new AdminCall<>("POST", VERIFICATION, body("reason", reason), VerificationStatus.class);
    }

    /** {@code GET /admin/verification/report}: every difference of run {@code runId}, or of the latest when null. */
    public static AdminCall<VerificationReport> verificationReport(Long runId) {
        return new AdminCall<>("GET", runId == null ? VERIFICATION_REPORT : VERIFICATION_REPORT + "?runId=" + runId,
                null, VerificationReport.class);
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }
}
