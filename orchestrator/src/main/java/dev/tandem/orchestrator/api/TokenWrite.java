package dev.tandem.orchestrator.api;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The body of {@code PUT /v1/tokens/{id}}: a token as a service creates or replaces it. The id comes
 * from the path; the version from the orchestrator; a revocation only from the revoke endpoints.
 * Unknown fields are refused ({@code quarkus.jackson.fail-on-unknown-properties}).
 *
 * @param kind                {@code access_token}, {@code refresh_token} or {@code authorization_code} (required)
 * @param clientId            the OAuth client (required)
 * @param subject             the resource owner (optional)
 * @param scopes              granted scopes (required; {@code []} for none)
 * @param issuedAt            RFC 3339 UTC time, such as {@code 2026-11-27T12:00:00Z} (required)
 * @param expiresAt           RFC 3339 UTC time after {@code issuedAt} (required)
 * @param familyId            the refresh chain's grant (optional)
 * @param codeChallenge       PKCE challenge (optional; with {@code codeChallengeMethod})
 * @param codeChallengeMethod {@code S256} or {@code plain} (optional; with {@code codeChallenge})
 */
public record TokenWrite(String kind, String clientId, String subject, List<String> scopes, String issuedAt,
                         String expiresAt, String familyId, String codeChallenge, String codeChallengeMethod) {

    /** The latest time both stores hold and render alike (PostgreSQL goes further, JSON dates do not). */
    public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * The canonical record this body describes, validated completely: by the model's rules, and by
     * what both stores can hold, whichever is primary now, because the write is mirrored to the other
     * and a phase change can make either the primary. Nothing is written for a body that fails here.
     *
     * @throws InvalidTokenRecordException naming the field, what was wrong and what is valid
     */
    public TokenRecord toRecord(String id) {
        if (kind == null) {
            throw new InvalidTokenRecordException("kind", "is required (valid: access_token, refresh_token, authorization_code)");
        }
        if (scopes == null) {
            throw new InvalidTokenRecordException("scopes", "is required: an array of scope names, [] for none");
        }
        printable("kind", kind);
        printable("clientId", clientId);
        printable("subject", subject);
        printable("familyId", familyId);
        printable("codeChallenge", codeChallenge);
        printable("codeChallengeMethod", codeChallengeMethod);
        for (int i = 0; i < scopes.size(); i++) {
            printable("scopes[" + i + "]", scopes.get(i));
        }
        TokenRecord record = TokenRecord.builder()
                .id(id)
                .kind(TokenKind.fromWireName(kind))
                .clientId(clientId)
                .subject(subject)
                .scopes(scopes)
                .issuedAt(time("issuedAt", issuedAt))
                .expiresAt(time("expiresAt", expiresAt))
                .familyId(familyId)
                .codeChallenge(codeChallenge, codeChallengeMethod == null ? null : PkceMethod.fromWireName(codeChallengeMethod))
                .build();
        return record;
    }

    private static Instant time(String field, String value) {
        if (value == null) {
            throw new InvalidTokenRecordException(field, "is required: an RFC 3339 UTC time such as 2026-11-27T12:00:00Z");
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidTokenRecordException(field, "\"" + abbreviate(value)
                    + "\" is not a time: expected RFC 3339 in UTC, such as 2026-11-27T12:00:00Z");
        }
        if (parsed.isBefore(Instant.EPOCH) || parsed.isAfter(LATEST_TIME)) {
            throw new InvalidTokenRecordException(field, parsed + " is out of range: valid from "
                    + Instant.EPOCH + " to " + LATEST_TIME);
        }
        return parsed;
    }

    /**
     * Refuses control characters and lone UTF-16 surrogates: PostgreSQL rejects NUL, and a lone
     * surrogate has no UTF-8 form, so the two stores would end up holding different values.
     * The message gives the position, not the value.
     */
    private static void printable(String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidTokenRecordException(field, String.format(
                        "has control character U+%04X at position %d: only printable characters are allowed", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidTokenRecordException(field, String.format(
                        "has an unpaired surrogate U+%04X at position %d: text must be valid Unicode", (int) c, i));
            }
        }
    }

    /** A time that failed to parse is no secret, but it may be long: quote the start only. */
    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
