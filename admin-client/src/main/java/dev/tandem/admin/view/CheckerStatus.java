package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** {@code GET /admin/checker}: what the consistency checker reports. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckerStatus(boolean reporting, String at, List<Instance> instances, PerSide<Double> lagSeconds,
                            Double eventsPerSecond, Long pending, Severities settled, Map<String, Long> byKind,
                            PerSide<Long> deadLetters, Partitions partitions) {
    public CheckerStatus {
        instances = instances == null ? List.of() : instances;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Instance(String instance, String state, String reportedAt, Double ageSeconds, boolean fresh,
                           List<Integer> partitions) {
    }

    /** Change-topic partitions: owned by fresh instances, expected (0 while unknown), and owned by none. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Partitions(List<Integer> covered, Long expected, List<Integer> uncovered) {
    }
}
