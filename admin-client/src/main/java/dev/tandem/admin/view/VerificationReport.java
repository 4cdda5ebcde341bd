package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/verification/report}: a run's status fields, as {@link VerificationStatus} has them but without
 * {@code fresh} and {@code maxAge}, and every difference it found (ids are hashes, records hold no secret).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerificationReport(Long runId, String state, String phase, String startedAt, String finishedAt,
                                 long rowsCompared, int chunksDone, int chunksTotal, long rowsPerSecond,
                                 long differences, boolean clean, Boolean active, String owner, String error,
                                 List<Difference> items) {
    public VerificationReport {
        items = items == null ? List.of() : items;
    }

    /**
     * @param legacy the canonical record as JSON values; null when legacy lacks or cannot read it
     * @param detail why a row is unreadable; absent otherwise
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Difference(String id, String kind, List<String> fields, Map<String, Object> legacy,
                             Map<String, Object> engine, @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
        public Difference {
            fields = fields == null ? List.of() : fields;
        }
    }
}
