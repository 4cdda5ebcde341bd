package dev.tandem.legacy.mapping;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The mapping between legacy rows and canonical records, in both directions. Pure: no I/O, so the
 * store and the CDC pipeline (which has only a change event's column values) map rows the same way.
 *
 * <table>
 * <caption>Canonical field from legacy column</caption>
 * <tr><th>field</th><th>legacy</th></tr>
 * <tr><td>id</td><td>signature</td></tr>
 * <tr><td>kind</td><td>the table</td></tr>
 * <tr><td>clientId</td><td>client_id</td></tr>
 * <tr><td>subject</td><td>subject; '' is null</td></tr>
 * <tr><td>scopes</td><td>granted_scope, space-separated, any order (the requested {@code scope} is not ours)</td></tr>
 * <tr><td>issuedAt</td><td>requested_at</td></tr>
 * <tr><td>expiresAt</td><td>session_data {@code expires_at.<access_token|refresh_token|authorize_code>}</td></tr>
 * <tr><td>revokedAt</td><td>active = 0 gives requested_at (see below)</td></tr>
 * <tr><td>familyId</td><td>request_id; '' is null</td></tr>
 * <tr><td>codeChallenge, codeChallengeMethod</td><td>form_data code_challenge, code_challenge_method
 *     (a challenge without a method is {@code plain}, as RFC 7636 says)</td></tr>
 * <tr><td>version</td><td>tandem_version; 0 for rows the old server wrote</td></tr>
 * <tr><td>deleted</td><td>tandem_deleted; 0 for rows the old server wrote</td></tr>
 * </table>
 *
 * <p>Legacy keeps no revocation time. A revoked row maps to {@code revokedAt = issuedAt}, the earliest
 * moment the revocation can have happened; the store declares {@code REVOKED_AT} approximated, so
 * comparisons look at revoked-or-not only.
 *
 * <p>Nothing else is read from {@code form_data} or {@code session_data}: old rows carry client
 * secrets, PKCE verifiers and raw tokens there. Error messages never quote either blob.
 */
public final class LegacyMapping {
    /** The first instant a legacy TIMESTAMP holds. */
    public static final Instant EARLIEST_ISSUED_AT = Instant.parse("1970-01-01T00:00:01Z");
    /** The last instant a legacy TIMESTAMP holds (MariaDB 10.11 keeps TIMESTAMP in 32 bits). */
    public static final Instant LATEST_ISSUED_AT = Instant.parse("2038-01-19T03:14:07Z");
    /** The size limit of a TEXT column, in bytes. */
    public static final int MAX_TEXT_BYTES = 65_535;

    private LegacyMapping() {
    }

    /**
     * The canonical record a legacy row stands for.
     *
     * @throws LegacyRowException when the row cannot be one (no valid expiry, a bad signature, ...),
     *                            naming table, signature and problem
     */
    public static TokenRecord toCanonical(LegacyRow row) {
        LegacyTable table = row.table();
        try {
            TokenId.requireValid("signature", row.signature());
            if (row.requestedAt() == null) {
                throw new IllegalArgumentException("requested_at is missing");
            }
            Instant expiresAt = SessionData.expiresAt(row.sessionData(), table.expiresAtKey());
            Optional<String> challenge = FormData.parameter(row.formData(), FormData.CODE_CHALLENGE);
            PkceMethod method = challenge.isEmpty() ? null : pkceMethod(row.formData());
            return TokenRecord.builder()
                    .id(row.signature())
                    .kind(table.kind())
                    .clientId(row.clientId())
                    .subject(row.subject())
                    .scopes(scopes(row.grantedScope()))
                    .issuedAt(row.requestedAt())
                    .expiresAt(expiresAt)
                    .revokedAt(row.active() ? null : row.requestedAt())
                    .familyId(row.requestId())
                    .codeChallenge(challenge.orElse(null), method)
                    .deleted(row.tandemDeleted())
                    .version(row.tandemVersion())
                    .build();
        } catch (InvalidTokenRecordException e) {
            throw new LegacyRowException(table, row.signature(), "it is not a valid token record: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new LegacyRowException(table, row.signature(), e.getMessage());
        }
    }

    /**
     * The row that holds {@code record} in a fresh legacy table: requested scope equal to the granted
     * one, Tandem's keys only in the blobs, no audiences. (An update keeps what the old server wrote
     * beside Tandem's fields: see the store's upsert.)
     *
     * @throws InvalidTokenRecordException when legacy cannot hold the record (an issue time outside
     *                                     the TIMESTAMP range, scopes too long for TEXT)
     */
    public static LegacyRow toRow(TokenRecord record) {
        Instant issuedAt = record.issuedAt();
        if (issuedAt.isBefore(EARLIEST_ISSUED_AT) || issuedAt.isAfter(LATEST_ISSUED_AT)) {
            throw new InvalidTokenRecordException("issuedAt", issuedAt + " is outside legacy TIMESTAMP range ("
                    + EARLIEST_ISSUED_AT + " to " + LATEST_ISSUED_AT + "): the legacy store cannot hold this token");
        }
        String scopes = String.join(" ", record.scopes());
        int scopeBytes = scopes.getBytes(StandardCharsets.UTF_8).length;
        if (scopeBytes > MAX_TEXT_BYTES) {
            throw new InvalidTokenRecordException("scopes", "take " + scopeBytes
                    + " bytes space-separated; legacy granted_scope (TEXT) holds at most " + MAX_TEXT_BYTES);
        }
        LegacyTable table = LegacyTable.of(record.kind());
        Map<String, String> form = FormData.parameters();
        if (record.codeChallenge() != null) {
            form.put(FormData.CODE_CHALLENGE, record.codeChallenge());
            form.put(FormData.CODE_CHALLENGE_METHOD, record.codeChallengeMethod().wireName());
        }
        return new LegacyRow(table,
                record.id(),
                record.familyId() == null ? "" : record.familyId(),
                issuedAt,
                record.clientId(),
                scopes,
                scopes,
                "",
                "",
                FormData.encode(form),
                SessionData.of(table.expiresAtKey(), record.expiresAt(), record.subject()),
                record.subject() == null ? "" : record.subject(),
                !record.isRevoked(),
                null,
                record.deleted(),
                record.version());
    }

    private static TreeSet<String> scopes(String grantedScope) {
        TreeSet<String> scopes = new TreeSet<>();
        if (grantedScope != null && !grantedScope.isBlank()) {
            scopes.addAll(Arrays.asList(grantedScope.strip().split("\\s+")));
        }
        return scopes;
    }

    private static PkceMethod pkceMethod(String formData) {
        Optional<String> method = FormData.parameter(formData, FormData.CODE_CHALLENGE_METHOD);
        if (method.isEmpty()) {
            return PkceMethod.PLAIN;
        }
        for (PkceMethod candidate : PkceMethod.values()) {
            if (candidate.wireName().equals(method.get())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("form_data " + FormData.CODE_CHALLENGE_METHOD
                + " is not a PKCE method (valid: S256, plain)");
    }
}
