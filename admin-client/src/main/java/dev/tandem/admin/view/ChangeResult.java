package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer (2xx) to a phase, reads, rollback or auto-cutover change: applied, or for a dry run whether it
 * would be refused.
 *
 * @param entersPointOfNoReturn sent with phase changes only
 * @param state                 the migration after the change
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeResult(String action, boolean applied, boolean dryRun, boolean refused, String refusal,
                           boolean forced, List<Guard> guards, Long revision, ControlPoint from, ControlPoint to,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean entersPointOfNoReturn, MigrationStatus state) {
    public ChangeResult {
        guards = guards == null ? List.of() : guards;
    }
}
