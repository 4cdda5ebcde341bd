package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code GET /admin/audit}: the changes, oldest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Audit(List<Entry> entries) {
    public Audit {
        entries = entries == null ? List.of() : entries;
    }

    /** @param guards the guards' lines as the change saw them, e.g. {@code switch-barrier: writes held 840 ms} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(Long revision, String at, String action, String actor, String reason, ControlPoint from,
                        ControlPoint to, boolean forced, List<String> guards) {
        public Entry {
            guards = guards == null ? List.of() : guards;
        }
    }
}
