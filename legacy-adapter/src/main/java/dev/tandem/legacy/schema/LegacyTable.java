package dev.tandem.legacy.schema;

import dev.tandem.model.TokenKind;

import java.util.List;

/**
 * The legacy server's three token tables: one per {@link TokenKind}, identical columns. Also holds
 * the key under which each kind keeps its expiry in {@code session_data.expires_at}.
 */
public enum LegacyTable {
    ACCESS("hydra_oauth2_access", TokenKind.ACCESS_TOKEN, "access_token"),
    REFRESH("hydra_oauth2_refresh", TokenKind.REFRESH_TOKEN, "refresh_token"),
    CODE("hydra_oauth2_code", TokenKind.AUTHORIZATION_CODE, "authorize_code");

    /** The write version, a column Tandem adds (see {@link LegacyMigration}); the old server never names it. */
    public static final String TANDEM_VERSION = "tandem_version";
    /** The tombstone mark, the other column Tandem adds: 1 when a delete of {@link #TANDEM_VERSION} left the row. */
    public static final String TANDEM_DELETED = "tandem_deleted";

    /** Every column of a table, in DDL order; Tandem's two last, as the migration adds them. */
    public static final List<String> COLUMNS = List.of(
            "signature", "request_id", "requested_at", "client_id", "scope", "granted_scope",
            "requested_audience", "granted_audience", "form_data", "session_data", "subject", "active",
            "challenge_id", TANDEM_DELETED, TANDEM_VERSION);

    /** The columns the old server itself writes: {@link #COLUMNS} without Tandem's two. */
    public static final List<String> OLD_SERVER_COLUMNS = COLUMNS.subList(0, COLUMNS.size() - 2);

    private final String tableName;
    private final TokenKind kind;
    private final String expiresAtKey;

    LegacyTable(String tableName, TokenKind kind, String expiresAtKey) {
        this.tableName = tableName;
        this.kind = kind;
        this.expiresAtKey = expiresAtKey;
    }

    public String tableName() {
        return tableName;
    }

    public TokenKind kind() {
        return kind;
    }

    /** The key of this kind's expiry inside {@code session_data.expires_at}. */
    public String expiresAtKey() {
        return expiresAtKey;
    }

    public static LegacyTable of(TokenKind kind) {
        for (LegacyTable table : values()) {
            if (table.kind == kind) {
                return table;
            }
        }
        throw new IllegalArgumentException("no legacy table holds " + kind);
    }

    /** The table of that name, for change events that name their table. */
    public static LegacyTable ofTableName(String tableName) {
        for (LegacyTable table : values()) {
            if (table.tableName.equals(tableName)) {
                return table;
            }
        }
        throw new IllegalArgumentException("\"" + tableName + "\" is not a legacy token table (valid: "
                + ACCESS.tableName + ", " + REFRESH.tableName + ", " + CODE.tableName + ")");
    }
}
