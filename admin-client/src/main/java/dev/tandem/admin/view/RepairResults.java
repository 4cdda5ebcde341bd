package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

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

    /**
     * @param tokenId  the token repaired; absent for a client's result
     * @param outcome  repaired, already_equal, failed, ...
     * @param clientId the client (app) repaired; absent for a token's result
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(@JsonInclude(JsonInclude.Include.NON_NULL) String tokenId, String outcome, String detail,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String clientId) {
        /** A token's result. */
        public Result(String tokenId, String outcome, String detail) {
            this(tokenId, outcome, detail, null);
        }
    }
}
