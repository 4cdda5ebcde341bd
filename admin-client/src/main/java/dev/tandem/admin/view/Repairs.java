package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** {@code GET /admin/repair}: whether repair is automatic, the latest repairs and the counts by outcome. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Repairs(boolean auto, List<Recent> recent, Map<String, Long> counts) {
    public Repairs {
        recent = recent == null ? List.of() : recent;
        counts = counts == null ? Map.of() : counts;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Recent(String tokenId, String kind, String severity, String detectedAt, String repairedAt,
                         String outcome, String detail, String trigger) {
    }
}
