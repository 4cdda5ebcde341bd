package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * {@code GET /admin/migration}, and the {@code state} of a change's answer.
 *
 * @param changedAt       null before the first change
 * @param guards          the verdicts of the step to {@code nextPhase}
 * @param nextPhase       the next forward phase, null in the last one
 * @param instance        the answering instance
 * @param instances       every live instance
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationStatus(String phase, Long revision, String changedAt, Reads reads, List<Guard> guards,
                              Long mirrorFailures, String nextPhase, String pointOfNoReturn, Boolean autoCutover,
                              Ramp ramp, RollbackReadiness rollbackReadiness, ReplayQueue replayQueue,
                              Instance instance, List<Peer> instances) {

    public MigrationStatus {
        guards = guards == null ? List.of() : guards;
        instances = instances == null ? List.of() : instances;
    }

    public List<Guard> failingGuards() {
        return guards.stream().filter(guard -> !guard.ok()).toList();
    }

    /**
     * The automatic cutover's ramp: its steps and dwell, where the state is on it (in READ_ENGINE), when the
     * dwell at the current step ends, and the answering instance's latest decision.
     *
     * @param step 1-based index of {@code currentPercent} in {@code steps}; null between steps
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ramp(List<Integer> steps, Long dwellSeconds, Integer currentPercent, Integer step, String stepSince,
                       String dwellEndsAt, Decision lastDecision) {
        public Ramp {
            steps = steps == null ? List.of() : steps;
        }
    }

    /** @param decision step or hold */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Decision(String at, Long revision, String decision, String reason, String outcome) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RollbackReadiness(boolean lossless, String detail) {
    }

    /** Failed mirror writes waiting for replay, over every instance. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplayQueue(long pending, Long oldestSeconds, PerSide<Long> toward) {
    }

    /** @param writesFenced why this instance refuses writes; null when it takes them */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Instance(Integer nodeId, Boolean ready, String writesFenced) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Peer(Integer nodeId, String address, String instance, Long revision, Long drainedRevision,
                       Long lastSeenMs) {
    }
}
