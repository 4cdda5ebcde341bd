package dev.tandem.contract.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of {@link ChangeEvent} on the change topics. Written by hand rather than by data
 * binding so that the wire form is exactly the canonical fields, and a new field on a Java class
 * can never leak onto a topic unnoticed.
 *
 * <p>A heartbeat is {@code {"store":"legacy","op":"heartbeat","committedAtMs":...,"capturedAtMs":...,
 * "position":"..."}}: no {@code tokenId}, no {@code record}. {@code position} is in the store's notation
 * ({@link SourcePosition#notation()}) and parsed back per store. Upserts and deletes read as they always
 * did; a reader older than heartbeats refuses them as an unknown op.
 */
public final class ChangeEventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeEventCodec() {
    }

    public static byte[] encode(ChangeEvent event) {
        ObjectNode node = JSON.createObjectNode().put("store", event.store());
        if (event.tokenId() != null) {
            node.put("tokenId", event.tokenId());
        }
        node.put("op", event.op().name().toLowerCase(java.util.Locale.ROOT))
                .put("committedAtMs", event.committedAtMs())
                .put("capturedAtMs", event.capturedAtMs())
                .put("position", SourcePosition.notationOf(event.position()));
        if (event.record() != null) {
            node.set("record", encodeRecord(event.record()));
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes an event; a malformed one fails with an {@link IllegalArgumentException} that says what is wrong. */
    public static ChangeEvent decode(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("change event is not JSON (" + bytes.length + " bytes)");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("change event is not a JSON object");
        }
        String op = text(node, "op");
        ChangeEvent.Op parsedOp = switch (op) {
            case "upsert" -> ChangeEvent.Op.UPSERT;
            case "delete" -> ChangeEvent.Op.DELETE;
            case "heartbeat" -> ChangeEvent.Op.HEARTBEAT;
            default -> throw new IllegalArgumentException("op \"" + op + "\" is not upsert or delete (nor heartbeat)");
        };
        if (parsedOp == ChangeEvent.Op.HEARTBEAT) {
            return ChangeEvent.heartbeat(text(node, "store"), node.path("committedAtMs").asLong(),
                    node.path("capturedAtMs").asLong(), position(node));
        }
        TokenRecord record = node.hasNonNull("record") ? decodeRecord(node.get("record")) : null;
        return new ChangeEvent(text(node, "store"), text(node, "tokenId"), parsedOp, record,
                node.path("committedAtMs").asLong(), node.path("capturedAtMs").asLong(), position(node));
    }

    /**
     * The position in its store's notation, as every capture has written it: an event from before
     * positions were typed reads as one from now.
     */
    private static SourcePosition position(JsonNode node) {
        String store = text(node, "store");
        if (!"legacy".equals(store) && !"engine".equals(store)) {
            throw new IllegalArgumentException("store must be legacy or engine, was " + store);
        }
        return SourcePosition.parseNullable(store, node.path("position").asText(null));
    }

    public static ObjectNode encodeRecord(TokenRecord record) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", record.id())
                .put("kind", record.kind().wireName())
                .put("clientId", record.clientId())
                .put("subject", record.subject())
                .put("issuedAt", record.issuedAt().toString())
                .put("expiresAt", record.expiresAt().toString())
                .put("revokedAt", record.revokedAt() == null ? null : record.revokedAt().toString())
                .put("familyId", record.familyId())
                .put("codeChallenge", record.codeChallenge())
                .put("codeChallengeMethod", record.codeChallengeMethod() == null ? null : record.codeChallengeMethod().wireName())
                .put("version", record.version());
        if (record.deleted()) {
            // Only on tombstones: a live record's JSON stays what it was before tombstones.
            node.put("deleted", true);
        }
        ArrayNode scopes = node.putArray("scopes");
        record.scopes().forEach(scopes::add);
        return node;
    }

    public static TokenRecord decodeRecord(JsonNode node) {
        List<String> scopes = new ArrayList<>();
        node.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return TokenRecord.builder()
                .id(text(node, "id"))
                .kind(TokenKind.fromWireName(text(node, "kind")))
                .clientId(node.path("clientId").asText(null))
                .subject(node.path("subject").asText(null))
                .scopes(scopes)
                .issuedAt(instant(node, "issuedAt"))
                .expiresAt(instant(node, "expiresAt"))
                .revokedAt(instant(node, "revokedAt"))
                .familyId(node.path("familyId").asText(null))
                .codeChallenge(node.path("codeChallenge").asText(null),
                        node.hasNonNull("codeChallengeMethod") ? PkceMethod.fromWireName(node.get("codeChallengeMethod").asText()) : null)
                .deleted(node.path("deleted").asBoolean(false))
                .version(node.path("version").asLong())
                .build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("change event lacks \"" + field + "\"");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }

    public static String toJson(ChangeEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }
}
