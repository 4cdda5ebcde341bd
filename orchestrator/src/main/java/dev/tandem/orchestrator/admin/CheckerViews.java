package dev.tandem.orchestrator.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.view.CheckerStatus;
import dev.tandem.admin.view.Divergences;
import dev.tandem.admin.view.PerSide;
import dev.tandem.admin.view.RepairResults;
import dev.tandem.admin.view.Repairs;
import dev.tandem.admin.view.Severities;
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

/** The answers of the checker's admin endpoints (divergence, checker and repair), as the records its clients read. */
final class CheckerViews {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {
    };

    private CheckerViews() {
    }

    static Divergences divergence(CheckerSnapshot snapshot, Severity severity, List<Divergence> items) {
        long counted = severity == null ? snapshot.settledTotal() : snapshot.settled().getOrDefault(severity, 0L);
        // The counts come with the checker's once-a-second status, the list with each verdict: a
        // divergence can be listed a moment before the next status counts it.
        return new Divergences(severities(snapshot.settled()), Math.max(counted, items.size()), (long) items.size(),
                snapshot.reporting(), items.stream().map(CheckerViews::item).toList());
    }

    static Divergences.Item item(Divergence d) {
        return new Divergences.Item(d.tokenId(), d.kind().wireName(), d.severity().wireName(),
                d.fields().stream().map(field -> field.jsonName()).toList(), record(d.legacy()), record(d.engine()),
                d.since().toString(), d.detectedAt().toString());
    }

    static CheckerStatus checker(CheckerSnapshot s) {
        List<CheckerStatus.Instance> instances = s.instances().stream().map(i -> new CheckerStatus.Instance(i.name(),
                i.state(), i.reportedAt().toString(), i.age().toMillis() / 1000.0, i.fresh(), i.partitions())).toList();
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            kinds.put(kind.wireName(), s.byKind().getOrDefault(kind, 0L));
        }
        return new CheckerStatus(s.reporting(), s.at().toString(), instances,
                new PerSide<>(seconds(s.lagMs(), Side.LEGACY), seconds(s.lagMs(), Side.ENGINE)), s.eventsPerSecond(),
                s.pending(), severities(s.settled()), kinds,
                new PerSide<>(s.deadLetters().getOrDefault(Side.LEGACY, 0L), s.deadLetters().getOrDefault(Side.ENGINE, 0L)),
                new CheckerStatus.Partitions(s.partitions(), (long) s.expectedPartitions(), s.uncoveredPartitions()));
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

    /** Results of client repairs: the id is a client_id, in {@code clientId}. */
    static List<RepairResults.Result> clientResults(List<RepairResult> results) {
        return results.stream()
                .map(r -> new RepairResults.Result(null, r.outcome().wireName(), r.detail(), r.tokenId())).toList();
    }

    private static Severities severities(Map<Severity, Long> settled) {
        return new Severities(settled.getOrDefault(Severity.CRITICAL, 0L), settled.getOrDefault(Severity.MAJOR, 0L),
                settled.getOrDefault(Severity.MINOR, 0L));
    }

    private static double seconds(Map<Side, Long> millis, Side side) {
        return millis.getOrDefault(side, 0L) / 1000.0;
    }

    /** The canonical record as the checker's topics carry it: hashes and canonical fields, no secret. */
    private static Map<String, Object> record(TokenRecord record) {
        return record == null ? null : JSON.convertValue(ChangeEventCodec.encodeRecord(record), RECORD);
    }
}
