package dev.tandem.verification;

import java.util.List;
import java.util.Map;

/**
 * One id on which the stores disagree.
 *
 * @param id     the token id (a hash, never a secret)
 * @param kind   how they disagree
 * @param fields the differing fields as the API names them ({@code clientId}, {@code revokedAt});
 *               empty unless {@code kind} is a field mismatch
 * @param legacy legacy's canonical record as JSON-ready values; null when legacy lacks or cannot read it
 * @param engine the engine's canonical record; null when the engine lacks or cannot read it
 * @param detail why a row is unreadable; null otherwise
 */
public record Difference(String id, DifferenceKind kind, List<String> fields,
                         Map<String, Object> legacy, Map<String, Object> engine, String detail) {
    public Difference {
        fields = List.copyOf(fields);
    }
}
