package dev.tandem.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one verification run stands.
 *
 * @param runId         the run
 * @param state         RUNNING, DONE or FAILED
 * @param phase         the migration phase the run was started in
 * @param startedAt     when it started
 * @param finishedAt    when it ended; null while RUNNING
 * @param rowsCompared  distinct ids compared so far
 * @param chunksDone    chunks compared so far
 * @param chunksTotal   chunks of the run
 * @param rowsPerSecond rows compared per second of the run's wall time (from start to end or now)
 * @param differences   differences found so far
 * @param active        whether a process works on the run now (false for a RUNNING run whose process died:
 *                      the next start resumes it)
 * @param owner         the process that works or last worked on it ({@code pid@host})
 * @param error         why it FAILED; null otherwise
 */
public record VerificationStatus(long runId, VerificationState state, String phase, Instant startedAt, Instant finishedAt,
                                 long rowsCompared, int chunksDone, int chunksTotal, double rowsPerSecond,
                                 long differences, boolean active, String owner, String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** DONE with no difference: the stores agreed over the whole key range. */
    public boolean clean() {
        return state == VerificationState.DONE && differences == 0;
    }

    /**
     * Whether the run's result still stands: it is DONE, ran in {@code currentPhase}, and finished
     * no longer than {@code maxAge} ago. A run of another phase is stale at once, whatever its age:
     * each phase moves traffic, and what was equal before may not be now.
     */
    public boolean isFresh(Duration maxAge, String currentPhase) {
        return isFresh(maxAge, currentPhase, Instant.now());
    }

    /** {@link #isFresh(Duration, String)} at {@code now}. */
    public boolean isFresh(Duration maxAge, String currentPhase, Instant now) {
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " is not an age (valid: zero or more)");
        }
        return state == VerificationState.DONE
                && phase.equals(currentPhase)
                && finishedAt != null
                && !now.isAfter(finishedAt.plus(maxAge));
    }

    /** The fields by name, for a JSON body. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runId", runId);
        map.put("state", state.name());
        map.put("phase", phase);
        map.put("startedAt", startedAt.toString());
        map.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        map.put("rowsCompared", rowsCompared);
        map.put("chunksDone", chunksDone);
        map.put("chunksTotal", chunksTotal);
        map.put("rowsPerSecond", Math.round(rowsPerSecond));
        map.put("differences", differences);
        map.put("clean", clean());
        map.put("active", active);
        map.put("owner", owner);
        map.put("error", error);
        return map;
    }

    public String toJson() {
        return json(toMap());
    }

    static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of plain values always render", e);
        }
    }
}
