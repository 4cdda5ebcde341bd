package dev.tandem.demo.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests served and failed per operation, with the first few failure reasons of each (later ones
 * are only counted: one broken path would otherwise flood the summary), and the OAuth errors the
 * server answered, by code, those the workload asked for (a replay's {@code invalid_grant}) apart
 * from the others. Thread-safe.
 */
public final class WorkloadStats {
    /** Reasons kept per operation. */
    public static final int KEPT_REASONS = 5;

    private final Map<Operation, LongAdder> served = new EnumMap<>(Operation.class);
    private final Map<Operation, LongAdder> failed = new EnumMap<>(Operation.class);
    private final Map<Operation, List<String>> reasons = new EnumMap<>(Operation.class);
    private final Map<String, LongAdder> failedByPhase = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, LongAdder> expectedErrors = Collections.synchronizedMap(new TreeMap<>());
    private final Map<String, LongAdder> unexpectedErrors = Collections.synchronizedMap(new TreeMap<>());

    public WorkloadStats() {
        for (Operation operation : Operation.values()) {
            served.put(operation, new LongAdder());
            failed.put(operation, new LongAdder());
            reasons.put(operation, new ArrayList<>());
        }
    }

    public void served(Operation operation) {
        served.get(operation).increment();
    }

    /** A failed request; {@code phase} is the phase the workload believed current when it failed. */
    public void failed(Operation operation, String phase, String reason) {
        failed.get(operation).increment();
        failedByPhase.computeIfAbsent(phase == null ? "?" : phase, p -> new LongAdder()).increment();
        List<String> kept = reasons.get(operation);
        synchronized (kept) {
            if (kept.size() < KEPT_REASONS) {
                kept.add("[" + phase + "] " + reason);
            }
        }
    }

    /**
     * An OAuth error the server answered ({@code error} of RFC 6749 §5.2, or the client's own code for an
     * answer that failed its checks); {@code expected} when the workload provoked it on purpose. An
     * unexpected one is also a failed request ({@link #failed}).
     */
    public void oauthError(String code, boolean expected) {
        (expected ? expectedErrors : unexpectedErrors).computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** The counts now, in {@link Operation} order. */
    public Snapshot snapshot() {
        Map<Operation, Counts> counts = new EnumMap<>(Operation.class);
        for (Operation operation : Operation.values()) {
            List<String> kept = reasons.get(operation);
            List<String> copy;
            synchronized (kept) {
                copy = List.copyOf(kept);
            }
            counts.put(operation, new Counts(served.get(operation).sum(), failed.get(operation).sum(), copy));
        }
        Map<String, Long> byPhase = new LinkedHashMap<>();
        synchronized (failedByPhase) {
            failedByPhase.forEach((phase, count) -> byPhase.put(phase, count.sum()));
        }
        return new Snapshot(Collections.unmodifiableMap(counts), Collections.unmodifiableMap(byPhase),
                sums(expectedErrors), sums(unexpectedErrors));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> sums = new TreeMap<>();
        synchronized (adders) {
            adders.forEach((code, count) -> sums.put(code, count.sum()));
        }
        return Collections.unmodifiableMap(sums);
    }

    /**
     * One operation's counts.
     *
     * @param firstFailures the first {@value #KEPT_REASONS} failure reasons, each prefixed with its phase
     */
    public record Counts(long served, long failed, List<String> firstFailures) {
    }

    /**
     * Every operation's counts at one moment, the failures by the phase they happened in, and the OAuth
     * errors by code, expected and unexpected (each sorted by code).
     */
    public record Snapshot(Map<Operation, Counts> operations, Map<String, Long> failedByPhase,
                           Map<String, Long> expectedErrors, Map<String, Long> unexpectedErrors) {
        public long served() {
            return operations.values().stream().mapToLong(Counts::served).sum();
        }

        public long failed() {
            return operations.values().stream().mapToLong(Counts::failed).sum();
        }
    }
}
