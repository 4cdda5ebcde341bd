package dev.tandem.verification;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One id on which the stores disagree.
 *
 * @param entity what the id names: a token or a client
 * @param id     the token id (a hash, never a secret) or the client_id
 * @param kind   how they disagree
 * @param fields the differing fields as the API names them ({@code clientId}, {@code revokedAt},
 *               a client's {@code secretHash}); empty unless {@code kind} is a field mismatch
 * @param legacy legacy's canonical record as JSON-ready values; null when legacy lacks or cannot read it.
 *               A client's secret hashes show only whether they are set.
 * @param engine the engine's canonical record; null when the engine lacks or cannot read it
 * @param detail why a row is unreadable; null otherwise
 */
public record Difference(EntityKind entity, String id, DifferenceKind kind, List<String> fields,
                         Map<String, Object> legacy, Map<String, Object> engine, String detail) {
    public Difference {
        Objects.requireNonNull(entity, "entity");
        fields = List.copyOf(fields);
    }

    /** A difference of a token. */
    public Difference(String id, DifferenceKind kind, List<String> fields,
                      Map<String, Object> legacy, Map<String, Object> engine, String detail) {
        this(EntityKind.TOKEN, id, kind, fields, legacy, engine, detail);
    }
}
