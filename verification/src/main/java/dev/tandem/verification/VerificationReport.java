package dev.tandem.verification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's status ({@code differences} is their count) and every difference it found ({@code items}), in id order. */
public record VerificationReport(VerificationStatus status, List<Difference> differences) {
    public VerificationReport {
        differences = List.copyOf(differences);
    }

    /** Holds hashes and canonical fields only: a report can be logged or served as it is. */
    public String toJson() {
        Map<String, Object> report = new LinkedHashMap<>(status.toMap());
        report.put("items", differences.stream().map(VerificationReport::toMap).toList());
        return VerificationStatus.json(report);
    }

    private static Map<String, Object> toMap(Difference difference) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("entity", difference.entity().wireName());
        map.put("id", difference.id());
        map.put("kind", difference.kind().wireName());
        map.put("fields", difference.fields());
        map.put("legacy", difference.legacy());
        map.put("engine", difference.engine());
        if (difference.detail() != null) {
            map.put("detail", difference.detail());
        }
        return map;
    }
}
