package dev.tandem.demo.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the checker saw and what repair did: {@code GET /admin/checker} ("settled" by severity) and
 * {@code GET /admin/repair} ("counts" by outcome).
 */
public final class DivergenceView {
    private DivergenceView() {
    }

    /** {@code settled}: critical, major and minor keys settled as divergent now. */
    public static Map<String, Long> settled(JsonNode checker) throws AdminException {
        String where = "GET /admin/checker";
        JsonNode settled = Json.object(checker, "settled", where);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String severity : new String[]{"critical", "major", "minor"}) {
            counts.put(severity, Json.whole(settled, severity, where + " settled"));
        }
        return counts;
    }

    /** {@code counts}: repairs by outcome (repaired, already_equal, failed, ...). */
    public static Map<String, Long> repairs(JsonNode repair) throws AdminException {
        String where = "GET /admin/repair";
        JsonNode counts = Json.object(repair, "counts", where);
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (var fields = counts.fields(); fields.hasNext(); ) {
            var field = fields.next();
            byOutcome.put(field.getKey(), Json.whole(counts, field.getKey(), where + " counts"));
        }
        return byOutcome;
    }
}
