package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/verification/report}: a run's status fields and every difference it found (ids are hashes,
 * records hold no secret). Only the fields clients read; the status fields are {@link VerificationStatus}'s.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerificationReport(Long runId, String state, long differences, List<Difference> items) {
    public VerificationReport {
        items = items == null ? List.of() : items;
    }

    /** @param detail why the records differ, when the fields alone do not say */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Difference(String id, String kind, List<String> fields, Map<String, Object> legacy,
                             Map<String, Object> engine, String detail) {
        public Difference {
            fields = fields == null ? List.of() : fields;
        }
    }
}
