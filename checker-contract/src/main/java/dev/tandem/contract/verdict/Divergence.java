package dev.tandem.contract.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A settled divergence: the value on {@code tandem.divergence} (compacted, keyed by token id; a
 * tombstone once the id matches again). The JSON form:
 *
 * <pre>{@code
 * {"tokenId":"<64 hex>","kind":"field_mismatch","severity":"major","fields":["scopes"],
 *  "legacy":{<canonical record>},"engine":{<canonical record>},
 *  "since":"2026-01-01T10:00:00.120Z","detectedAt":"2026-01-01T10:00:01.700Z"}
 * }</pre>
 * {@code legacy} or {@code engine} is {@code null} when that store does not hold the token; records
 * are in {@link ChangeEventCodec#encodeRecord}'s form.
 *
 * @param since      when the checker first saw this stretch of divergence
 * @param detectedAt when it settled
 */
public record Divergence(String tokenId, VerdictKind kind, Severity severity, List<TokenField> fields,
                         TokenRecord legacy, TokenRecord engine, Instant since, Instant detectedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Divergence {
        fields = List.copyOf(fields);
        if (kind == VerdictKind.MATCH) {
            throw new IllegalArgumentException("a match is no divergence");
        }
    }

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("tokenId", tokenId)
                .put("kind", kind.wireName())
                .put("severity", severity.wireName());
        ArrayNode names = node.putArray("fields");
        fields.forEach(field -> names.add(field.jsonName()));
        node.set("legacy", legacy == null ? JSON.nullNode() : ChangeEventCodec.encodeRecord(legacy));
        node.set("engine", engine == null ? JSON.nullNode() : ChangeEventCodec.encodeRecord(engine));
        node.put("since", since.toString()).put("detectedAt", detectedAt.toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a value of the divergence topic; fails with an {@link IllegalArgumentException} naming what is wrong. */
    public static Divergence fromJson(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            List<TokenField> fields = new ArrayList<>();
            for (JsonNode name : node.path("fields")) {
                fields.add(field(name.asText()));
            }
            return new Divergence(node.path("tokenId").asText(), VerdictKind.fromWireName(node.path("kind").asText()),
                    Severity.fromWireName(node.path("severity").asText()), fields,
                    node.hasNonNull("legacy") ? ChangeEventCodec.decodeRecord(node.get("legacy")) : null,
                    node.hasNonNull("engine") ? ChangeEventCodec.decodeRecord(node.get("engine")) : null,
                    Instant.parse(node.path("since").asText()), Instant.parse(node.path("detectedAt").asText()));
        } catch (IOException e) {
            throw new IllegalArgumentException("a divergence record is not JSON (" + bytes.length + " bytes)");
        }
    }

    private static TokenField field(String jsonName) {
        for (TokenField field : TokenField.values()) {
            if (field.jsonName().equals(jsonName)) {
                return field;
            }
        }
        throw new IllegalArgumentException("\"" + jsonName + "\" is not a token field");
    }
}
