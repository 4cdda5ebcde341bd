package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthTokenEntity;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The one mapping from an {@code oauth_token} row to a canonical record, whatever shape the row
 * arrives in: the adapter's entity, or raw column values keyed by column name as a change event
 * carries them (Debezium's {@code before}/{@code after}). Pure: no I/O.
 *
 * <p>The row holds every canonical field exactly; {@code signing_key_id} is the engine's own and
 * is not part of the record.
 */
public final class EngineRows {
    public static final String ID = "id";
    public static final String KIND = "kind";
    public static final String CLIENT_ID = "client_id";
    public static final String SUBJECT = "subject";
    public static final String SCOPES = "scopes";
    public static final String ISSUED_AT = "issued_at";
    public static final String EXPIRES_AT = "expires_at";
    public static final String REVOKED_AT = "revoked_at";
    public static final String FAMILY_ID = "family_id";
    public static final String CODE_CHALLENGE = "code_challenge";
    public static final String CODE_CHALLENGE_METHOD = "code_challenge_method";
    public static final String DELETED = "deleted";
    public static final String VERSION = "version";

    private EngineRows() {
    }

    /**
     * The canonical record of a row given as column values. Tolerates the usual encodings: times as
     * {@link Instant}, {@link OffsetDateTime}, {@link Date}, epoch milliseconds or ISO-8601 text (Debezium's
     * {@code ZonedTimestamp}); scopes as a collection or an array; the version as any number or its text.
     *
     * @throws InvalidTokenRecordException naming the column (or field) and what is wrong with it
     */
    public static TokenRecord fromColumns(Map<String, ?> columns) {
        String method = text(columns.get(CODE_CHALLENGE_METHOD));
        return TokenRecord.builder()
                .id(text(columns.get(ID)))
                .kind(TokenKind.fromWireName(text(columns.get(KIND))))
                .clientId(text(columns.get(CLIENT_ID)))
                .subject(text(columns.get(SUBJECT)))
                .scopes(scopes(columns.get(SCOPES)))
                .issuedAt(instant(ISSUED_AT, columns.get(ISSUED_AT)))
                .expiresAt(instant(EXPIRES_AT, columns.get(EXPIRES_AT)))
                .revokedAt(instant(REVOKED_AT, columns.get(REVOKED_AT)))
                .familyId(text(columns.get(FAMILY_ID)))
                .codeChallenge(text(columns.get(CODE_CHALLENGE)), method == null ? null : PkceMethod.fromWireName(method))
                .deleted(deleted(columns.get(DELETED)))
                .version(version(columns.get(VERSION)))
                .build();
    }

    /** The canonical record of a row the adapter read. */
    static TokenRecord fromEntity(OAuthTokenEntity row) {
        return TokenRecord.builder()
                .id(row.id)
                .kind(TokenKind.fromWireName(row.kind))
                .clientId(row.clientId)
                .subject(row.subject)
                .scopes(row.scopes == null ? List.of() : Arrays.asList(row.scopes))
                .issuedAt(row.issuedAt)
                .expiresAt(row.expiresAt)
                .revokedAt(row.revokedAt)
                .familyId(row.familyId)
                .codeChallenge(row.codeChallenge,
                        row.codeChallengeMethod == null ? null : PkceMethod.fromWireName(row.codeChallengeMethod))
                .deleted(row.deleted)
                .version(row.version)
                .build();
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> scopes(Object value) {
        if (value == null) {
            // NOT NULL in the schema; an absent value is a malformed change, not "no scopes".
            throw new InvalidTokenRecordException(SCOPES, "is missing: the column is NOT NULL");
        }
        List<String> scopes = texts(value);
        if (scopes == null) {
            throw new InvalidTokenRecordException(SCOPES, "is a " + value.getClass().getSimpleName()
                    + ", expected an array of text");
        }
        return scopes;
    }

    /** An array column's values as text, in order; null when {@code value} is neither a collection nor an array. */
    static List<String> texts(Object value) {
        List<String> texts = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach(item -> texts.add(text(item)));
        } else if (value instanceof Object[] array) {
            Arrays.stream(array).forEach(item -> texts.add(text(item)));
        } else {
            return null;
        }
        return texts;
    }

    static Instant instant(String column, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        try {
            return OffsetDateTime.parse(value.toString().strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidTokenRecordException(column, "\"" + value + "\" is not a time (expected ISO-8601 with an offset)");
        }
    }

    /** Absent in rows captured before the tombstone migration: those were all live. */
    static boolean deleted(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().strip();
        if (text.equals("true") || text.equals("t")) {
            return true;
        }
        if (text.equals("false") || text.equals("f")) {
            return false;
        }
        throw new InvalidTokenRecordException(DELETED, "\"" + value + "\" is not a boolean");
    }

    static long version(Object value) {
        if (value == null) {
            throw new InvalidTokenRecordException(VERSION, "is missing: the column is NOT NULL");
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new InvalidTokenRecordException(VERSION, "\"" + value + "\" is not a whole number");
        }
    }
}
