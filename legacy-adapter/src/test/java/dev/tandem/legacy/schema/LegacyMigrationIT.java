package dev.tandem.legacy.schema;

import dev.tandem.legacy.LegacyTestDatabase;
import dev.tandem.model.TokenId;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyMigrationIT {
    private static final List<String> TABLES = List.of("hydra_oauth2_access", "hydra_oauth2_refresh", "hydra_oauth2_code", "hydra_client");
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);

    private LegacyTestDatabase database;

    @BeforeEach
    void legacySchemaAsTheOldServerLeftIt() {
        database = LegacyTestDatabase.legacyOnly();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void applyAddsTheVersionColumnInstantlyWithoutRebuildingATable() throws SQLException {
        try (Connection connection = database.jdbc()) {
            Map<String, Long> tableIds = tableIds(connection);

            assertThat(LegacyMigration.apply(connection)).containsExactlyElementsOf(TABLES);

            assertThat(LegacyMigration.isApplied(connection)).isTrue();
            for (String table : TABLES) {
                assertThat(columnDefinition(connection, table, "tandem_version")).isEqualTo("bigint(20) NOT NULL DEFAULT 0");
            }
            assertThat(tableIds(connection)).as("a rebuilt (copied) table gets a new InnoDB table id").isEqualTo(tableIds);
        }
    }

    @Test
    void applyingTwiceChangesNothingTheSecondTime() throws SQLException {
        try (Connection connection = database.jdbc()) {
            LegacyMigration.apply(connection);
            Map<String, String> migrated = createStatements(connection);
            insertOldServerRow(connection, TokenId.hashOf("before-second-apply"));

            assertThat(LegacyMigration.apply(connection)).as("tables altered by the second apply").isEmpty();

            assertThat(createStatements(connection)).isEqualTo(migrated);
            assertThat(count(connection, "hydra_oauth2_access")).isEqualTo(1);
        }
    }

    @Test
    void revertGivesBackTheOldServersSchemaExactlyAndKeepsItsRows() throws SQLException {
        try (Connection connection = database.jdbc()) {
            Map<String, String> original = createStatements(connection);
            Map<String, Long> tableIds = tableIds(connection);
            LegacyMigration.apply(connection);
            insertOldServerRow(connection, TokenId.hashOf("kept-through-revert"));
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE hydra_oauth2_access SET tandem_version = 42");
            }

            assertThat(LegacyMigration.revert(connection)).containsExactlyElementsOf(TABLES);

            assertThat(LegacyMigration.isApplied(connection)).isFalse();
            assertThat(createStatements(connection)).isEqualTo(original);
            assertThat(tableIds(connection)).isEqualTo(tableIds);
            assertThat(count(connection, "hydra_oauth2_access")).isEqualTo(1);
            assertThat(LegacyMigration.revert(connection)).as("a second revert").isEmpty();
        }
    }

    /** The old server never names tandem_version: its INSERTs and SELECTs work before, during and after both steps. */
    @Test
    void theOldServerKeepsReadingAndWritingWhileTheMigrationIsAppliedAndReverted() throws Exception {
        OldServer oldServer = new OldServer();
        oldServer.start();
        try {
            oldServer.awaitWritesBeyond(20);
            int beforeApply = oldServer.written.get();
            try (Connection connection = database.jdbc()) {
                assertThat(LegacyMigration.apply(connection)).hasSize(TABLES.size());
            }
            oldServer.awaitWritesBeyond(oldServer.written.get() + 20);
            oldServer.awaitReadsBeyond(oldServer.read.get() + 20);
            try (Connection connection = database.jdbc()) {
                assertThat(LegacyMigration.apply(connection)).isEmpty();
                assertThat(versionsOtherThanZero(connection)).as("rows the old server wrote after the migration").isZero();
                assertThat(LegacyMigration.revert(connection)).hasSize(TABLES.size());
            }
            oldServer.awaitWritesBeyond(oldServer.written.get() + 20);
            oldServer.awaitReadsBeyond(oldServer.read.get() + 20);
            assertThat(oldServer.written.get()).isGreaterThan(beforeApply + 40);
        } finally {
            oldServer.stop();
        }
        assertThat(oldServer.errors).as("errors the old server saw").isEmpty();
        try (Connection connection = database.jdbc()) {
            assertThat(count(connection, "hydra_oauth2_access")).isEqualTo(oldServer.written.get());
        }
    }

    /**
     * An instant ALTER still needs a moment of exclusive metadata lock. Behind a long transaction it
     * gives up after lock_wait_timeout (so the queries queued behind it go on) and tries again.
     */
    @Test
    void aLongTransactionDelaysTheMigrationWithoutFailingIt() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection longTransaction = database.jdbc()) {
            longTransaction.setAutoCommit(false);
            try (Statement statement = longTransaction.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM hydra_oauth2_refresh").close();
            }
            Future<List<String>> apply = executor.submit(() -> {
                try (Connection connection = database.jdbc()) {
                    return LegacyMigration.apply(connection);
                }
            });

            Duration beyondOneLockWait = LegacyMigration.DEFAULT_LOCK_WAIT.plusSeconds(1);
            Awaitility.await().during(beyondOneLockWait).atMost(beyondOneLockWait.plusSeconds(10))
                    .until(() -> !apply.isDone());
            try (Connection reader = database.jdbc(); Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM hydra_oauth2_access").close();
            }
            longTransaction.commit();

            assertThat(apply.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(TABLES);
        } finally {
            executor.shutdownNow();
        }
    }

    /** Writes and reads like the old server: its own column list, never tandem_version, and SELECT *. */
    private final class OldServer {
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger read = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(2);
        private final List<Future<?>> loops = new ArrayList<>();

        void start() {
            loops.add(threads.submit(() -> loop(connection -> {
                insertOldServerRow(connection, TokenId.hashOf("old-" + written.get()));
                written.incrementAndGet();
            })));
            loops.add(threads.submit(() -> loop(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT * FROM hydra_oauth2_access WHERE signature = ?")) {
                    select.setString(1, TokenId.hashOf("old-" + Math.max(0, written.get() - 1)));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            rows.getString("session_data");
                        }
                    }
                }
                read.incrementAndGet();
            })));
        }

        private void loop(SqlWork work) {
            try (Connection connection = database.jdbc()) {
                while (running.get()) {
                    try {
                        work.run(connection);
                    } catch (SQLException e) {
                        errors.add(e.getErrorCode() + ": " + e.getMessage());
                    }
                }
            } catch (SQLException e) {
                errors.add("connect: " + e.getMessage());
            }
        }

        void awaitWritesBeyond(int count) {
            Awaitility.await().atMost(PROGRESS_TIMEOUT).until(() -> written.get() > count || !errors.isEmpty());
        }

        void awaitReadsBeyond(int count) {
            Awaitility.await().atMost(PROGRESS_TIMEOUT).until(() -> read.get() > count || !errors.isEmpty());
        }

        void stop() throws Exception {
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
    }

    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    private static void insertOldServerRow(Connection connection, String id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hydra_oauth2_access (signature, request_id,"
                + " requested_at, client_id, scope, granted_scope, form_data, session_data, subject)"
                + " VALUES (?, 'req', NOW(), 'web-app', 'openid', 'openid', 'grant_type=client_credentials',"
                + " '{\"expires_at\":{\"access_token\":\"2030-01-01T00:00:00Z\"},\"subject\":\"\"}', '')")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }

    private static Map<String, String> createStatements(Connection connection) throws SQLException {
        Map<String, String> statements = new LinkedHashMap<>();
        for (String table : TABLES) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SHOW CREATE TABLE " + table)) {
                rows.next();
                statements.put(table, rows.getString(2));
            }
        }
        return statements;
    }

    private static Map<String, Long> tableIds(Connection connection) throws SQLException {
        Map<String, Long> ids = new LinkedHashMap<>();
        for (String table : TABLES) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT TABLE_ID FROM information_schema.INNODB_SYS_TABLES WHERE NAME = CONCAT(DATABASE(), '/', ?)")) {
                query.setString(1, table);
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).as("InnoDB table %s", table).isTrue();
                    ids.put(table, rows.getLong(1));
                }
            }
        }
        return ids;
    }

    private static String columnDefinition(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("column %s.%s", table, column).isTrue();
                return rows.getString(1) + ("NO".equals(rows.getString(2)) ? " NOT NULL" : " NULL") + " DEFAULT " + rows.getString(3);
            }
        }
    }

    private static int count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int versionsOtherThanZero(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT COUNT(*) FROM hydra_oauth2_access WHERE tandem_version <> 0")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
