package dev.tandem.contract.change;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.model.TokenId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A change that could not be parsed or mapped, as it travels on {@code tandem.changes.dead-letter}:
 * where it came from and why it was refused, never its content. Old legacy rows keep client secrets,
 * PKCE verifiers and raw tokens in their blobs, so a dead letter must not carry a column value beyond
 * a valid token id.
 *
 * @param store         {@code legacy} or {@code engine}
 * @param table         the source table; null when unknown
 * @param tokenId       the token id, only when the change's key is a valid id (else null: an invalid
 *                      key may be a raw token an old server wrote)
 * @param reason        why the change was refused; names columns and problems, never blob contents
 * @param position      the source position (binlog {@code file:pos}, LSN {@code X/Y}); null when unknown
 * @param committedAtMs the source commit time, 0 when unknown
 * @param capturedAtMs  when the refusal happened
 */
public record DeadLetter(String store, String table, String tokenId, String reason, String position,
                         long committedAtMs, long capturedAtMs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DeadLetter {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(reason, "reason");
        tokenId = TokenId.isValid(tokenId) ? tokenId : null;
    }

    /** A dead letter that names its source position in the store's notation. */
    public DeadLetter(String store, String table, String tokenId, String reason, SourcePosition position,
                      long committedAtMs, long capturedAtMs) {
        this(store, table, tokenId, reason, SourcePosition.notationOf(position), committedAtMs, capturedAtMs);
    }

    /** The record's JSON value: {@code {store, table, tokenId, reason, position, committedAtMs, capturedAtMs}}. */
    public byte[] encode() {
        ObjectNode node = JSON.createObjectNode()
                .put("store", store)
                .put("table", table)
                .put("tokenId", tokenId)
                .put("reason", reason)
                .put("position", position)
                .put("committedAtMs", committedAtMs)
                .put("capturedAtMs", capturedAtMs);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
