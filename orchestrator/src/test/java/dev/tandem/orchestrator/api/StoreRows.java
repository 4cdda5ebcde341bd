package dev.tandem.orchestrator.api;

import dev.tandem.testing.DatabaseEndpoint;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What the two databases of the running test application hold, read with plain JDBC and no Tandem
 * code in between: where a write landed is checked in the rows themselves.
 */
public final class StoreRows {
    private static final String[] LEGACY_TABLES = {"hydra_oauth2_access", "hydra_oauth2_refresh", "hydra_oauth2_code"};

    /** One token's row as a database holds it: its version, whether it is usable, its client id, and whether it is a tombstone. */
    public record Row(long version, boolean active, String clientId, boolean deleted) {
    }

    private StoreRows() {
    }

    public static Optional<Row> legacy(String id) {
        try (Connection connection = legacyConnection()) {
            return legacy(connection, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the legacy database", e);
        }
    }

    public static Optional<Row> engine(String id) {
        try (Connection connection = engineConnection()) {
            return engine(connection, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the engine database", e);
        }
    }

    /** As {@link #legacy(String)}, in a database of tests that run the orchestrator as its own JVM. */
    public static Optional<Row> legacy(DatabaseEndpoint database, String id) {
        try (Connection connection = database.connect()) {
            return legacy(connection, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the legacy database " + database, e);
        }
    }

    /** As {@link #engine(String)}, in a database of tests that run the orchestrator as its own JVM. */
    public static Optional<Row> engine(DatabaseEndpoint database, String id) {
        try (Connection connection = database.connect()) {
            return engine(connection, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the engine database " + database, e);
        }
    }

    private static Optional<Row> legacy(Connection connection, String id) throws SQLException {
        for (String table : LEGACY_TABLES) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT tandem_version, active, client_id, tandem_deleted FROM " + table + " WHERE signature = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(new Row(rows.getLong(1), rows.getInt(2) == 1, rows.getString(3), rows.getInt(4) == 1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Row> engine(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version, revoked_at IS NULL, client_id, deleted FROM oauth_token WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Row(rows.getLong(1), rows.getBoolean(2), rows.getString(3), rows.getBoolean(4))) : Optional.empty();
            }
        }
    }

    /** Rows in all three legacy tables. */
    public static long legacyCount() {
        try (Connection connection = legacyConnection(); Statement statement = connection.createStatement()) {
            long count = 0;
            for (String table : LEGACY_TABLES) {
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rows.next();
                    count += rows.getLong(1);
                }
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count legacy rows", e);
        }
    }

    public static long engineCount() {
        try (Connection connection = engineConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM oauth_token")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count engine rows", e);
        }
    }

    /**
     * Changes a token's client id in legacy only, behind Tandem's back: a read that answers this
     * value was served by legacy.
     */
    public static void markLegacy(String id, String clientId) {
        try (Connection connection = legacyConnection()) {
            int updated = 0;
            for (String table : LEGACY_TABLES) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + table + " SET client_id = ? WHERE signature = ?")) {
                    update.setString(1, clientId);
                    update.setString(2, id);
                    updated += update.executeUpdate();
                }
            }
            if (updated != 1) {
                throw new IllegalStateException("expected one legacy row for " + id + ", changed " + updated);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark the legacy row", e);
        }
    }

    /** As {@link #markLegacy}, in the engine only. */
    public static void markEngine(String id, String clientId) {
        try (Connection connection = engineConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE oauth_token SET client_id = ? WHERE id = ?")) {
            update.setString(1, clientId);
            update.setString(2, id);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("expected one engine row for " + id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark the engine row", e);
        }
    }

    /** Removes a token from the engine only, as a lost mirror write would have left it. */
    public static void deleteFromEngine(String id) {
        try (Connection connection = engineConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM oauth_token WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete the engine row", e);
        }
    }

    public static Connection legacyConnection() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = "jdbc:mariadb://" + config.getValue("tandem.legacy.host", String.class) + ":"
                + config.getValue("tandem.legacy.port", Integer.class) + "/"
                + config.getValue("tandem.legacy.database", String.class);
        return DriverManager.getConnection(url, config.getValue("tandem.legacy.user", String.class),
                config.getValue("tandem.legacy.password", String.class));
    }

    public static Connection engineConnection() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
