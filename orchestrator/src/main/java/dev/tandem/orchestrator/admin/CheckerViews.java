package dev.tandem.orchestrator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.admin.view.RepairResults;
import dev.tandem.admin.view.Repairs;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.checker.CheckerSnapshot;
import dev.tandem.orchestrator.repair.RecentRepair;
import dev.tandem.orchestrator.repair.RepairOutcome;
import dev.tandem.orchestrator.repair.RepairResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the checker's admin endpoints: divergence, checker and repair. */
final class CheckerViews {
    private CheckerViews() {
    }

    static Map<String, Object> divergence(CheckerSnapshot snapshot, Severity severity, List<Divergence> items) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("settled", severities(snapshot.settled()));
        long counted = severity == null ? snapshot.settledTotal() : snapshot.settled().getOrDefault(severity, 0L);
        // The counts come with the checker's once-a-second status, the list with each verdict: a
        // divergence can be listed a moment before the next status counts it.
        view.put("total", Math.max(counted, items.size()));
        view.put("shown", items.size());
        view.put("reporting", snapshot.reporting());
        view.put("items", items.stream().map(CheckerViews::item).toList());
        return view;
    }

    static Map<String, Object> item(Divergence d) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("tokenId", d.tokenId());
        item.put("kind", d.kind().wireName());
        item.put("severity", d.severity().wireName());
        item.put("fields", d.fields().stream().map(field -> field.jsonName()).toList());
        item.put("legacy", record(d.legacy()));
        item.put("engine", record(d.engine()));
        item.put("since", d.since().toString());
        item.put("detectedAt", d.detectedAt().toString());
        return item;
    }

    static Map<String, Object> checker(CheckerSnapshot s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reporting", s.reporting());
        view.put("at", s.at().toString());
        view.put("instances", s.instances().stream().map(i -> {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("instance", i.name());
            instance.put("state", i.state());
            instance.put("reportedAt", i.reportedAt().toString());
            instance.put("ageSeconds", i.age().toMillis() / 1000.0);
            instance.put("fresh", i.fresh());
            instance.put("partitions", i.partitions());
            return instance;
        }).toList());
        Map<String, Object> lag = new LinkedHashMap<>();
        for (Side side : Side.values()) {
            lag.put(side.wireName(), s.lagMs().getOrDefault(side, 0L) / 1000.0);
        }
        view.put("lagSeconds", lag);
        view.put("eventsPerSecond", s.eventsPerSecond());
        view.put("pending", s.pending());
        view.put("settled", severities(s.settled()));
        Map<String, Object> kinds = new LinkedHashMap<>();
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            kinds.put(kind.wireName(), s.byKind().getOrDefault(kind, 0L));
        }
        view.put("byKind", kinds);
        Map<String, Object> dead = new LinkedHashMap<>();
        for (Side side : Side.values()) {
            dead.put(side.wireName(), s.deadLetters().getOrDefault(side, 0L));
        }
        view.put("deadLetters", dead);
        Map<String, Object> partitions = new LinkedHashMap<>();
        partitions.put("covered", s.partitions());
        partitions.put("expected", s.expectedPartitions());
        partitions.put("uncovered", s.uncoveredPartitions());
        view.put("partitions", partitions);
        return view;
    }

    static Repairs repairs(boolean auto, List<RecentRepair> recent, Map<RepairOutcome, Long> counts) {
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        counts.forEach((outcome, n) -> byOutcome.put(outcome.wireName(), n));
        return new Repairs(auto, recent.stream().map(r -> new Repairs.Recent(r.tokenId(),
                r.kind() == null ? null : r.kind().wireName(), r.severity() == null ? null : r.severity().wireName(),
                r.detectedAt() == null ? null : r.detectedAt().toString(), r.repairedAt().toString(),
                r.outcome().wireName(), r.detail(), r.trigger())).toList(), byOutcome);
    }

    static RepairResults results(List<RepairResult> results) {
        return new RepairResults(results.stream()
                .map(r -> new RepairResults.Result(r.tokenId(), r.outcome().wireName(), r.detail())).toList());
    }

    private static Map<String, Object> severities(Map<Severity, Long> settled) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            view.put(severity.wireName(), settled.getOrDefault(severity, 0L));
        }
        return view;
    }

    /** The canonical record as the checker's topics carry it: hashes and canonical fields, no secret. */
    private static JsonNode record(TokenRecord record) {
        return record == null ? null : ChangeEventCodec.encodeRecord(record);
    }
}
