package dev.tandem.engine;

import dev.tandem.model.TokenRecord;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Many records merged into {@code oauth_token} by one statement, with exactly
 * {@link EngineTokenStore#upsert}'s semantics ({@link EngineTokenStore#MERGE}): a record is applied
 * only when it is newer than the stored one or brings an earlier revocation, a revocation is never
 * cleared, and a kind never changes. For bulk copies (the backfill), where a statement per record
 * would cost a round trip each.
 *
 * <p>Plain JDBC on the caller's connection, so that the caller decides the transaction: the backfill
 * commits a chunk together with its checkpoint. Each column travels as one array parameter and
 * {@code unnest} turns the arrays back into rows; times travel as epoch seconds, which no session
 * or JVM time zone can shift.
 */
public final class EngineBatchUpsert {
    /**
     * Scopes travel space-joined (a scope never holds white space) because {@code unnest} flattens a
     * two-dimensional array; {@code string_to_array('', ' ')} is the empty array, as for no scopes.
     */
    static final String SQL = """
            INSERT INTO oauth_token AS t (id, kind, client_id, subject, scopes, issued_at, expires_at, revoked_at,
                family_id, code_challenge, code_challenge_method, deleted, version)
            SELECT u.id, u.kind, u.client_id, u.subject, string_to_array(u.scopes, ' '),
                to_timestamp(u.issued_at), to_timestamp(u.expires_at), to_timestamp(u.revoked_at),
                u.family_id, u.code_challenge, u.code_challenge_method, u.deleted, u.version
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[],
                        ?::text[], ?::text[], ?::text[], ?::boolean[], ?::bigint[])
                AS u(id, kind, client_id, subject, scopes, issued_at, expires_at, revoked_at,
                     family_id, code_challenge, code_challenge_method, deleted, version)
            """ + EngineTokenStore.MERGE;

    private EngineBatchUpsert() {
    }

    /**
     * Merges {@code records} on {@code connection}, in its current transaction; answers how many
     * were applied (inserted, or changed the stored row). The rest were no news to the engine: it
     * held the same or a newer version, or the id as another kind of token.
     *
     * @throws IllegalArgumentException when an id occurs twice (one statement cannot merge a row twice)
     */
    public static int upsert(Connection connection, List<TokenRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        int size = records.size();
        String[] ids = new String[size];
        String[] kinds = new String[size];
        String[] clients = new String[size];
        String[] subjects = new String[size];
        String[] scopes = new String[size];
        Long[] issued = new Long[size];
        Long[] expires = new Long[size];
        Long[] revoked = new Long[size];
        String[] families = new String[size];
        String[] challenges = new String[size];
        String[] methods = new String[size];
        Boolean[] deleted = new Boolean[size];
        Long[] versions = new Long[size];
        Set<String> seen = new HashSet<>(size * 2);
        for (int i = 0; i < size; i++) {
            TokenRecord record = records.get(i);
            if (!seen.add(record.id())) {
                throw new IllegalArgumentException("records: id " + record.id() + " occurs twice in one batch");
            }
            ids[i] = record.id();
            kinds[i] = record.kind().wireName();
            clients[i] = record.clientId();
            subjects[i] = record.subject();
            scopes[i] = String.join(" ", record.scopes());
            issued[i] = record.issuedAt().getEpochSecond();
            expires[i] = record.expiresAt().getEpochSecond();
            revoked[i] = epochSeconds(record.revokedAt());
            families[i] = record.familyId();
            challenges[i] = record.codeChallenge();
            methods[i] = record.codeChallengeMethod() == null ? null : record.codeChallengeMethod().wireName();
            deleted[i] = record.deleted();
            versions[i] = record.version();
        }
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            Object[][] columns = {ids, kinds, clients, subjects, scopes, issued, expires, revoked,
                    families, challenges, methods, deleted, versions};
            for (int c = 0; c < columns.length; c++) {
                String type = columns[c] instanceof Long[] ? "bigint" : columns[c] instanceof Boolean[] ? "boolean" : "text";
                Array array = connection.createArrayOf(type, columns[c]);
                statement.setArray(c + 1, array);
            }
            return statement.executeUpdate();
        }
    }

    private static Long epochSeconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
