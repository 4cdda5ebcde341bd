package dev.tandem.orchestrator.checker;

import dev.tandem.contract.verdict.CheckerStatus;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the consistency checker reports right now, summed over its fresh instances. An instance is
 * fresh when its last status is recent, says it is not stopped, and owns partitions: a killed
 * checker's last status still says RUNNING, so age is what tells it is gone.
 *
 * @param at                 when this snapshot was taken
 * @param reporting          whether at least one instance is fresh; every figure below is 0 otherwise
 * @param instances          every instance seen, fresh or not, by name
 * @param lagMs              per store, the largest lag of any fresh instance
 * @param eventsPerSecond    summed over fresh instances
 * @param pending            ids inside their grace window
 * @param settled            settled divergent ids by severity
 * @param byKind             settled divergent ids by kind
 * @param deadLetters        change events that could not be mapped, per store
 * @param partitions         change-topic partitions the fresh instances own, sorted
 * @param expectedPartitions partitions of the change topics, or 0 while unknown
 * @param watermarkMs        per store, the source commit time (epoch ms) that every partition the fresh
 *                           instances own has been read past; -1 when any is unknown or none is reporting
 */
public record CheckerSnapshot(Instant at, boolean reporting, List<Instance> instances, Map<Side, Long> lagMs,
                              double eventsPerSecond, long pending, Map<Severity, Long> settled,
                              Map<VerdictKind, Long> byKind, Map<Side, Long> deadLetters, List<Integer> partitions,
                              int expectedPartitions, Map<Side, Long> watermarkMs) {

    /** One checker instance as last heard of. */
    public record Instance(String name, String state, Instant reportedAt, Duration age, boolean fresh,
                           List<Integer> partitions) {
    }

    /** Sums the statuses of the fresh instances among {@code statuses}. */
    public static CheckerSnapshot of(Collection<CheckerStatus> statuses, Instant now, Duration staleAfter,
                                     int expectedPartitions) {
        List<Instance> instances = new ArrayList<>();
        Map<Side, Long> lag = sides();
        Map<Side, Long> dead = sides();
        Map<Severity, Long> settled = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            settled.put(severity, 0L);
        }
        Map<VerdictKind, Long> byKind = new EnumMap<>(VerdictKind.class);
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            byKind.put(kind, 0L);
        }
        TreeSet<Integer> partitions = new TreeSet<>();
        Map<Side, Long> watermarks = new EnumMap<>(Side.class);
        double eventsPerSecond = 0;
        long pending = 0;
        boolean reporting = false;
        for (CheckerStatus status : statuses) {
            Duration age = Duration.between(status.at(), now);
            boolean fresh = age.compareTo(staleAfter) <= 0 && !"STOPPED".equals(status.state())
                    && !status.partitions().isEmpty();
            instances.add(new Instance(status.instance(), status.state(), status.at(), age.isNegative() ? Duration.ZERO : age,
                    fresh, List.copyOf(status.partitions())));
            if (!fresh) {
                continue;
            }
            reporting = true;
            for (Side side : Side.values()) {
                lag.merge(side, status.lagMs().getOrDefault(side, 0L), Math::max);
                dead.merge(side, status.deadLetters().getOrDefault(side, 0L), Long::sum);
                watermarks.merge(side, status.watermarkMs().getOrDefault(side, -1L),
                        (a, b) -> a < 0 || b < 0 ? -1 : Math.min(a, b));
            }
            status.settled().forEach((severity, n) -> settled.merge(severity, n, Long::sum));
            status.byKind().forEach((kind, n) -> byKind.merge(kind, n, Long::sum));
            eventsPerSecond += status.eventsPerSecond();
            pending += status.pending();
            partitions.addAll(status.partitions());
        }
        instances.sort(Comparator.comparing(Instance::name));
        return new CheckerSnapshot(now, reporting, List.copyOf(instances), lag, eventsPerSecond, pending, settled, byKind,
                dead, List.copyOf(partitions), expectedPartitions, watermarks);
    }

    /**
     * Whether every partition of both change topics has been read past {@code instant} by a fresh
     * instance: nothing either store committed before it is still unread by the check.
     */
    public boolean readPast(Instant instant) {
        if (!reporting || !uncoveredPartitions().isEmpty()) {
            return false;
        }
        for (Side side : Side.values()) {
            if (watermarkMs.getOrDefault(side, -1L) < instant.toEpochMilli()) {
                return false;
            }
        }
        return true;
    }

    /** Settled critical plus major divergence: what the divergence guard waits to be zero. */
    public long settledBlocking() {
        return settled.getOrDefault(Severity.CRITICAL, 0L) + settled.getOrDefault(Severity.MAJOR, 0L);
    }

    public long settledTotal() {
        return settled.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The change-topic partitions no fresh instance owns; empty while the expected count is unknown. */
    public List<Integer> uncoveredPartitions() {
        List<Integer> missing = new ArrayList<>();
        for (int p = 0; p < expectedPartitions; p++) {
            if (!partitions.contains(p)) {
                missing.add(p);
            }
        }
        return missing;
    }

    private static Map<Side, Long> sides() {
        Map<Side, Long> values = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            values.put(side, 0L);
        }
        return values;
    }
}
