package dev.tandem.legacy.mapping;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes the two things Tandem owns in {@code session_data}: the expiry of the row's kind
 * under {@code expires_at} and {@code subject}. Every other key belongs to the old server.
 */
final class SessionData {
    static final String EXPIRES_AT = "expires_at";
    static final String SUBJECT = "subject";

    private SessionData() {
    }

    /**
     * The expiry under {@code expires_at.<kindKey>}.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting the blob
     */
    static Instant expiresAt(String sessionData, String kindKey) {
        if (sessionData == null || sessionData.isBlank()) {
            throw new IllegalArgumentException("session_data is empty");
        }
        JsonObject session;
        try {
            session = new JsonObject(sessionData);
        } catch (DecodeException | ClassCastException e) {
            // No cause attached: the parser's message can quote the blob.
            throw new IllegalArgumentException("session_data is not a JSON object");
        }
        Object expiries = session.getValue(EXPIRES_AT);
        if (!(expiries instanceof JsonObject expiresAt)) {
            throw new IllegalArgumentException("session_data has no " + EXPIRES_AT + " object");
        }
        Object expiry = expiresAt.getValue(kindKey);
        if (expiry == null) {
            throw new IllegalArgumentException("session_data has no " + EXPIRES_AT + "." + kindKey);
        }
        if (!(expiry instanceof String text)) {
            throw new IllegalArgumentException("session_data " + EXPIRES_AT + "." + kindKey + " is not an RFC 3339 time string");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("session_data " + EXPIRES_AT + "." + kindKey + " is not an RFC 3339 time");
        }
    }

    /** A fresh session blob holding Tandem's keys only: {@code {"expires_at":{"<kind>":"<time>"},"subject":"<subject>"}}. */
    static String of(String kindKey, Instant expiresAt, String subject) {
        return new JsonObject()
                .put(EXPIRES_AT, new JsonObject().put(kindKey, expiresAt.toString()))
                .put(SUBJECT, subject == null ? "" : subject)
                .encode();
    }
}
