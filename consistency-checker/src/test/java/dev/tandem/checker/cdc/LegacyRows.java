package dev.tandem.checker.cdc;

import dev.tandem.legacy.schema.LegacyTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Writes legacy rows with plain SQL, the way the old server (which knows nothing of Tandem) does. */
final class LegacyRows {
    private LegacyRows() {
    }

    /** An insert naming the old server's columns only: {@code tandem_version} takes its default 0. */
    static void insertAsOldServer(CdcTestEnvironment env, LegacyTable table, String signature, String requestId,
                                  Instant requestedAt, String clientId, String grantedScope, String formData,
                                  String sessionData, String subject, boolean active) {
        try (Connection connection = env.legacyJdbc()) {
            insertAsOldServer(connection, table, signature, requestId, requestedAt, clientId, grantedScope, formData,
                    sessionData, subject, active);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert into " + table.tableName(), e);
        }
    }

    /** The same insert on a connection the caller holds (whose session runs in UTC). */
    static void insertAsOldServer(Connection connection, LegacyTable table, String signature, String requestId,
                                  Instant requestedAt, String clientId, String grantedScope, String formData,
                                  String sessionData, String subject, boolean active) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table.tableName()
                + " (signature, request_id, requested_at, client_id, scope, granted_scope, requested_audience,"
                + " granted_audience, form_data, session_data, subject, active, challenge_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?, NULL)")) {
            insert.setString(1, signature);
            insert.setString(2, requestId);
            insert.setTimestamp(3, Timestamp.from(requestedAt));
            insert.setString(4, clientId);
            insert.setString(5, grantedScope + " extra");
            insert.setString(6, grantedScope);
            insert.setString(7, formData);
            insert.setString(8, sessionData);
            insert.setString(9, subject);
            insert.setInt(10, active ? 1 : 0);
            insert.executeUpdate();
        }
    }

    /** A session blob as the old server writes it, with the row kind's expiry among others. */
    static String session(LegacyTable table, Instant expiresAt, String subject) {
        return "{\"id_token\":{\"subject\":\"" + subject + "\"},\"client_id\":\"web\",\"expires_at\":{\""
                + table.expiresAtKey() + "\":\"" + expiresAt + "\",\"id_token\":\"" + expiresAt + "\"},\"subject\":\""
                + subject + "\"}";
    }
}
