package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code POST /admin/repair}: one result per id. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RepairResults(List<Result> results) {
    public RepairResults {
        results = results == null ? List.of() : results;
    }

    /** Whether a repair failed. */
    public boolean anyFailed() {
        return results.stream().anyMatch(result -> "failed".equals(result.outcome()));
    }

    /** @param outcome repaired, already_equal, failed, ... */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(String tokenId, String outcome, String detail) {
    }
}
