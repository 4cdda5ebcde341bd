package dev.tandem.contract.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One checker instance's report, published every second on {@code tandem.checker.status}
 * (compacted, keyed by instance id). The JSON form:
 *
 * <pre>{@code
 * {"instance":"checker-1","at":"2026-01-01T10:00:00.000Z","state":"RUNNING",
 *  "lagMs":{"legacy":0,"engine":0},"eventsPerSecond":812.0,"events":{"legacy":1200,"engine":1180},
 *  "pending":3,"settled":{"critical":0,"major":1,"minor":0},
 *  "byKind":{"missing_in_engine":0,"missing_in_legacy":0,"field_mismatch":1},
 *  "deadLetters":{"legacy":0,"engine":0},"partitions":[0,1,2,3,4,5],
 *  "watermarkMs":{"legacy":1767261599000,"engine":1767261599870}}
 * }</pre>
 * Counts cover the partitions this instance owns ({@code partitions}); with several instances, sum
 * over the instances whose {@code at} is recent. {@code lagMs} is defined in {@link StreamProgress}: per
 * store, 0 while every owned partition is read to its end and has seen a commit of its store (a
 * token change or a capture heartbeat) within twice the heartbeat interval plus a second; otherwise
 * how old the newest commit read is, which grows while a store is paused or its capture is dead.
 * Never the time since the epoch. Heartbeats are in no count of this record. {@code watermarkMs}
 * is, per store, the source commit time (epoch ms) every owned partition has been read past, -1
 * when unknown ({@link StreamProgress#watermarkMs(Side)}); reports without it read as -1.
 * {@code state} is the Kafka Streams state ({@code RUNNING}, {@code REBALANCING}, ...) or
 * {@code STOPPED} for the last report of an instance that shut down.
 */
public record CheckerStatus(String instance, Instant at, String state, Map<Side, Long> lagMs, double eventsPerSecond,
                            Map<Side, Long> events, long pending, Map<Severity, Long> settled,
                            Map<VerdictKind, Long> byKind, Map<Side, Long> deadLetters, List<Integer> partitions,
                            Map<Side, Long> watermarkMs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("instance", instance)
                .put("at", at.toString())
                .put("state", state);
        node.set("lagMs", sides(lagMs));
        node.put("eventsPerSecond", Math.round(eventsPerSecond * 10) / 10.0);
        node.set("events", sides(events));
        node.put("pending", pending);
        ObjectNode severities = node.putObject("settled");
        for (Severity severity : Severity.values()) {
            severities.put(severity.wireName(), settled.getOrDefault(severity, 0L));
        }
        ObjectNode kinds = node.putObject("byKind");
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            kinds.put(kind.wireName(), byKind.getOrDefault(kind, 0L));
        }
        node.set("deadLetters", sides(deadLetters));
        ArrayNode owned = node.putArray("partitions");
        partitions.forEach(owned::add);
        node.set("watermarkMs", sides(watermarkMs));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CheckerStatus fromJson(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("a checker status is not JSON (" + bytes.length + " bytes)");
        }
        Map<Severity, Long> settled = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            settled.put(severity, node.path("settled").path(severity.wireName()).asLong());
        }
        Map<VerdictKind, Long> byKind = new EnumMap<>(VerdictKind.class);
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            byKind.put(kind, node.path("byKind").path(kind.wireName()).asLong());
        }
        List<Integer> partitions = new ArrayList<>();
        node.path("partitions").forEach(p -> partitions.add(p.asInt()));
        return new CheckerStatus(node.path("instance").asText(), Instant.parse(node.path("at").asText()),
                node.path("state").asText(), sides(node.path("lagMs")), node.path("eventsPerSecond").asDouble(),
                sides(node.path("events")), node.path("pending").asLong(), settled, byKind,
                sides(node.path("deadLetters")), partitions, watermarks(node.path("watermarkMs")));
    }

    private static Map<Side, Long> watermarks(JsonNode node) {
        Map<Side, Long> values = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            values.put(side, node.path(side.wireName()).asLong(-1));
        }
        return values;
    }

    private static ObjectNode sides(Map<Side, Long> values) {
        ObjectNode node = JSON.createObjectNode();
        for (Side side : Side.values()) {
            node.put(side.wireName(), values.getOrDefault(side, 0L));
        }
        return node;
    }

    private static Map<Side, Long> sides(JsonNode node) {
        Map<Side, Long> values = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            values.put(side, node.path(side.wireName()).asLong());
        }
        return values;
    }
}
