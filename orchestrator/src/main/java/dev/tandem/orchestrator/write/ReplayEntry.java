package dev.tandem.orchestrator.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;

import java.time.Instant;
import java.util.UUID;

/**
 * One write whose mirror failed, as the replay queue holds it: which token or family, which store
 * missed it, and who queued it when. Ids only: token ids are hashes and family ids are opaque
 * grant ids, never secrets, and no record's fields travel through Kafka (the replay reads both
 * stores and merges what they hold).
 *
 * @param id        this entry, also its Kafka key: a tombstone removes this entry and never a newer one of the same token
 * @param kind      a token write (upsert, revoke, delete) or a family revocation
 * @param key       the token id, or the family id
 * @param mirror    the store that missed the write
 * @param revokedAt the family's revocation time (families only; null for tokens)
 * @param queuedAt  when the writer queued it
 * @param nodeId    the writer's node id, for operators
 * @param writer    the writing instance's id (drawn at its start), so that it replays its own entries first
 */
public record ReplayEntry(UUID id, Kind kind, String key, Store mirror, Instant revokedAt, Instant queuedAt,
                          int nodeId, UUID writer) {

    /** What an entry is about. */
    public enum Kind {
        TOKEN, FAMILY
    }

    // Unknown fields are ignored: a newer instance may add some, and older ones must still fold the queue.
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ReplayEntry {
        if (id == null || kind == null || key == null || mirror == null || queuedAt == null) {
            throw new IllegalArgumentException("a replay entry needs id, kind, key, mirror and queuedAt");
        }
        if (kind == Kind.FAMILY && revokedAt == null) {
            throw new IllegalArgumentException("a family entry needs revokedAt");
        }
    }

    public static ReplayEntry token(String tokenId, Store mirror, Instant now, int nodeId, UUID writer) {
        return new ReplayEntry(UUID.randomUUID(), Kind.TOKEN, tokenId, mirror, null, now, nodeId, writer);
    }

    public static ReplayEntry family(String familyId, Instant revokedAt, Store mirror, Instant now, int nodeId,
                                     UUID writer) {
        return new ReplayEntry(UUID.randomUUID(), Kind.FAMILY, familyId, mirror, revokedAt, now, nodeId, writer);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a replay entry as JSON", e);
        }
    }

    /** Reads a record of the queue; one that is not an entry fails with {@link IllegalArgumentException}. */
    public static ReplayEntry fromJson(String json) {
        try {
            ReplayEntry entry = JSON.readValue(json, ReplayEntry.class);
            if (entry == null) {
                throw new IllegalArgumentException("not a replay entry: null");
            }
            return entry;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a replay entry: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return (kind == Kind.FAMILY ? "family " : "token ") + key + " toward " + mirror.wireName() + " (entry " + id + ")";
    }
}
