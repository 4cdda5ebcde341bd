package dev.tandem.demo.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /admin/backfill}, the fields the demo uses.
 *
 * @param state            NOT_STARTED, RUNNING, PAUSED, DONE or FAILED
 * @param etaSeconds       null when not known
 * @param throttledBecause why the checker's lag holds the rate below its setting, with the numbers; null when it does not
 */
public record BackfillView(String state, long rowsScanned, long rowsCopied, long rowsSkippedExpiring,
                           long estimatedTotalRows, double rowsPerSecond, Double etaSeconds, long liveOnlyInLegacy,
                           String lastLegacyOnlyExpiry, String throttledBecause, String error) {
    static final String WHERE = "GET /admin/backfill";

    public static BackfillView parse(JsonNode body) throws AdminException {
        return new BackfillView(Json.text(body, "state", WHERE), Json.whole(body, "rowsScanned", WHERE),
                Json.whole(body, "rowsCopied", WHERE), body.path("rowsSkippedExpiring").asLong(0),
                Json.whole(body, "estimatedTotalRows", WHERE), Json.number(body, "rowsPerSecond", WHERE),
                Json.optionalNumber(body, "etaSeconds", WHERE), body.path("liveOnlyInLegacy").asLong(0),
                Json.optionalText(body, "lastLegacyOnlyExpiry", WHERE), Json.optionalText(body, "throttledBecause", WHERE),
                Json.optionalText(body, "error", WHERE));
    }
}
