package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/divergence}: the settled counts and the listed ids.
 *
 * @param reporting whether the checker reports; when not, the counts are unknown and the list may be stale
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Divergences(Severities settled, Long total, Long shown, Boolean reporting, List<Item> items) {
    public Divergences {
        items = items == null ? List.of() : items;
    }

    /** @param legacy the canonical record (hashes, no secret) as the checker's topics carry it; null when absent */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String tokenId, String kind, String severity, List<String> fields, Map<String, Object> legacy,
                       Map<String, Object> engine, String since, String detectedAt) {
        public Item {
            fields = fields == null ? List.of() : fields;
        }
    }
}
