package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /admin/verification} (the latest run), and the answer to starting one.
 *
 * @param state  RUNNING, DONE or FAILED
 * @param phase  the phase the run ran in
 * @param active false for a RUNNING run no process works on
 * @param fresh  whether the run still counts for the guards
 * @param maxAge how long a run counts, as java.time.Duration's ISO form ({@code PT24H})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerificationStatus(Long runId, String state, String phase, String startedAt, String finishedAt,
                                 long rowsCompared, int chunksDone, int chunksTotal, long rowsPerSecond,
                                 long differences, boolean clean, Boolean active, String owner, String error,
                                 Boolean fresh, String maxAge) {
}
