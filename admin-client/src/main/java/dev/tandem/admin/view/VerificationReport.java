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
     * @param entity {@value #TOKEN} (the id is a token hash) or {@value #CLIENT} (a client_id); a report from an
     *               orchestrator older than client verification has none, and lists tokens only
     * @param legacy the canonical record as JSON values; null when legacy lacks or cannot read it (a client's
     *               secret hashes show only whether they are set)
     * @param detail why a row is unreadable; absent otherwise
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Difference(String entity, String id, String kind, List<String> fields, Map<String, Object> legacy,
                             Map<String, Object> engine, @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
        public static final String TOKEN = "token";
        public static final String CLIENT = "client";

        public Difference {
            entity = entity == null ? TOKEN : entity;
            fields = fields == null ? List.of() : fields;
        }
    }
}
