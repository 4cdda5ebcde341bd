package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A capture's heartbeat: its own row in the table {@value #TABLE} of the store it reads
 * ({@code capture VARCHAR(64) PRIMARY KEY, beat_at_ms BIGINT NOT NULL}, created when absent),
 * upserted every {@code tandem.checker.cdc.heartbeat-interval-ms} through a JDBC connection of its
 * own. The table is in the capture's include list: the row's change comes back through the store's
 * change stream like any token change, and the capture publishes it as a heartbeat to every partition
 * of its change topic ({@link Capture}). So while the store commits, its change stream flows and the
 * capture publishes, every check task sees its stream move; a paused or unreachable store, a stalled
 * stream or a dead capture shows up as growing lag instead of "read to the end".
 *
 * <p><b>This is Tandem's only write into the legacy database outside the token tables</b> (the
 * {@code tandem_version} migration aside): one small table, one row per capture, and one more row,
 * {@code tandem-switch}, that the orchestrator's switch barrier writes when it has drained writes
 * (its {@code beat_at_ms} is exact to the millisecond, see {@code ChangeMapper#heartbeatTime}). The
 * capture's login needs {@code CREATE}, {@code INSERT} and {@code UPDATE} on it; the orchestrator's
 * {@code INSERT} and {@code UPDATE}, or its switches wait for the captures' own heartbeats.
 *
 * <p>A write that fails or hangs (connecting and every statement time out after
 * {@link #timeoutMs(long)}) is logged once, until one succeeds again, and tried again at the next
 * interval on a new connection: a paused database simply has no heartbeats. Nothing here ever stops
 * the capture.
 */
final class HeartbeatWriter implements AutoCloseable {
    static final String TABLE = "tandem_heartbeat";
    static final String BEAT_AT_COLUMN = "beat_at_ms";
    static final int MAX_CAPTURE_LENGTH = 64;
    /** The same in both stores' SQL. */
    private static final String COLUMNS = " (capture VARCHAR(" + MAX_CAPTURE_LENGTH
            + ") NOT NULL PRIMARY KEY, " + BEAT_AT_COLUMN + " BIGINT NOT NULL)";

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWriter.class);

    /** What differs between the two stores' SQL and drivers. */
    private record Dialect(String driverClass, String jdbcUrl, Properties login, String existsSql, String createSql,
                           String upsertSql, String publication) {
    }

    private final String store;
    private final String capture;
    private final Dialect dialect;
    private final long intervalMs;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private Connection connection;
    private boolean tableExists;
    private boolean failing;
    private volatile boolean closed;

    private HeartbeatWriter(String store, String capture, Dialect dialect, long intervalMs, Clock clock) {
        this.store = store;
        this.capture = captureKey(capture);
        this.dialect = dialect;
        this.intervalMs = intervalMs;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tandem-cdc-" + store + "-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The legacy capture's: {@value #TABLE} in the legacy database, MariaDB's upsert. */
    static HeartbeatWriter legacy(CheckerConfig config, Clock clock) {
        long interval = config.getLong(CheckerConfig.CDC_HEARTBEAT_INTERVAL_MS_CONFIG);
        long timeout = timeoutMs(interval);
        Properties login = login(config.getString(CheckerConfig.LEGACY_USER_CONFIG), config.password(CheckerConfig.LEGACY_PASSWORD_CONFIG));
        // MariaDB Connector/J: milliseconds. socketTimeout is what ends a statement to a paused server.
        login.setProperty("connectTimeout", Long.toString(timeout));
        login.setProperty("socketTimeout", Long.toString(timeout));
        String url = "jdbc:mariadb://" + config.getString(CheckerConfig.LEGACY_HOST_CONFIG) + ":"
                + config.getInt(CheckerConfig.LEGACY_PORT_CONFIG) + "/" + config.getString(CheckerConfig.LEGACY_DATABASE_CONFIG);
        return new HeartbeatWriter(LegacyChangeMapper.STORE, config.getString(CheckerConfig.LEGACY_SERVER_NAME_CONFIG),
                new Dialect("org.mariadb.jdbc.Driver", url, login,
                        "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '" + TABLE + "'",
                        "CREATE TABLE IF NOT EXISTS " + TABLE + COLUMNS,
                        "INSERT INTO " + TABLE + " (capture, beat_at_ms) VALUES (?, ?)"
                                + " ON DUPLICATE KEY UPDATE beat_at_ms = VALUES(beat_at_ms)",
                        null),
                interval, clock);
    }

    /**
     * The engine capture's: {@code public.}{@value #TABLE} in the engine database, PostgreSQL's upsert.
     * When this writer has to create the table itself after the engine started (the database was down
     * at the start), it adds the table to the capture's publication, which then exists without it.
     */
    static HeartbeatWriter engine(CheckerConfig config, Clock clock) {
        long interval = config.getLong(CheckerConfig.CDC_HEARTBEAT_INTERVAL_MS_CONFIG);
        String seconds = Integer.toString(timeoutSeconds(interval));
        Properties login = login(config.getString(CheckerConfig.ENGINE_USER_CONFIG), config.password(CheckerConfig.ENGINE_PASSWORD_CONFIG));
        // pgjdbc: seconds.
        login.setProperty("connectTimeout", seconds);
        login.setProperty("loginTimeout", seconds);
        login.setProperty("socketTimeout", seconds);
        login.setProperty("ApplicationName", "tandem-heartbeat");
        String url = "jdbc:postgresql://" + config.getString(CheckerConfig.ENGINE_HOST_CONFIG) + ":"
                + config.getInt(CheckerConfig.ENGINE_PORT_CONFIG) + "/" + config.getString(CheckerConfig.ENGINE_DATABASE_CONFIG);
        String table = EngineCapture.SCHEMA + "." + TABLE;
        return new HeartbeatWriter(EngineChangeMapper.STORE, config.getString(CheckerConfig.ENGINE_SERVER_NAME_CONFIG),
                new Dialect("org.postgresql.Driver", url, login,
                        "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = '" + EngineCapture.SCHEMA
                                + "' AND tablename = '" + TABLE + "'",
                        "CREATE TABLE IF NOT EXISTS " + table + COLUMNS,
                        "INSERT INTO " + table + " (capture, beat_at_ms) VALUES (?, ?)"
                                + " ON CONFLICT (capture) DO UPDATE SET beat_at_ms = EXCLUDED.beat_at_ms",
                        config.getString(CheckerConfig.ENGINE_PUBLICATION_NAME_CONFIG)),
                interval, clock);
    }

    /** How long connecting and each statement may take: the interval, within 1 to 5 s. */
    static long timeoutMs(long intervalMs) {
        return Math.max(1_000, Math.min(5_000, intervalMs));
    }

    /** The row's key: the capture's logical name, or for one longer than the column, a prefix and a hash of it. */
    static String captureKey(String name) {
        if (name.length() <= MAX_CAPTURE_LENGTH) {
            return name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, MAX_CAPTURE_LENGTH - 13) + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates the table when absent, now, on the caller's thread; false when the store cannot be
     * reached or refuses (logged). The capture calls this before each start of its engine, so that the
     * table is part of the snapshot, and of the publication the PostgreSQL connector creates.
     */
    synchronized boolean ensureTable() {
        if (closed) {
            return false;
        }
        try {
            createTableIfAbsent(false);
            recovered();
            return true;
        } catch (SQLException | RuntimeException e) {
            failed("cannot create the heartbeat table " + TABLE, e);
            return false;
        }
    }

    /** Writes the first heartbeat now, then one every interval, in the background. */
    void start() {
        scheduler.scheduleWithFixedDelay(this::beat, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    private synchronized void beat() {
        if (closed) {
            return;
        }
        try {
            createTableIfAbsent(true);
            try (PreparedStatement upsert = connection().prepareStatement(dialect.upsertSql())) {
                upsert.setQueryTimeout(timeoutSeconds());
                upsert.setString(1, capture);
                upsert.setLong(2, clock.millis());
                upsert.executeUpdate();
            }
            recovered();
        } catch (SQLException | RuntimeException e) {
            failed("heartbeat not written", e);
        }
    }

    private void createTableIfAbsent(boolean engineRunning) throws SQLException {
        if (tableExists) {
            return;
        }
        Connection c = connection();
        boolean created = false;
        try (Statement statement = c.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds());
            try (ResultSet exists = statement.executeQuery(dialect.existsSql())) {
                if (!exists.next()) {
                    statement.execute(dialect.createSql());
                    created = true;
                }
            }
            if (created && engineRunning && dialect.publication() != null) {
                addToPublication(statement);
            }
        }
        if (created) {
            LOG.info("{} capture created its heartbeat table {}", store, TABLE);
        }
        tableExists = true;
    }

    /** The engine started without the table: a publication it created then lacks it until its next start. */
    private void addToPublication(Statement statement) throws SQLException {
        String publication = dialect.publication();
        String table = EngineCapture.SCHEMA + "." + TABLE;
        boolean exists;
        boolean member;
        try (ResultSet rs = statement.executeQuery("SELECT puballtables FROM pg_catalog.pg_publication WHERE pubname = '"
                + publication + "'")) {
            exists = rs.next();
            member = exists && rs.getBoolean(1);
        }
        if (exists && !member) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_catalog.pg_publication_tables WHERE pubname = '"
                    + publication + "' AND schemaname = '" + EngineCapture.SCHEMA + "' AND tablename = '" + TABLE + "'")) {
                member = rs.next();
            }
            if (!member) {
                statement.execute("ALTER PUBLICATION " + publication + " ADD TABLE " + table);
                LOG.info("{} capture added {} to publication {}", store, table, publication);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = driver().connect(dialect.jdbcUrl(), dialect.login());
            if (connection == null) {
                throw new SQLException("the driver " + dialect.driverClass() + " does not take " + dialect.jdbcUrl());
            }
            connection.setAutoCommit(true);
        }
        return connection;
    }

    /**
     * The driver by this class's own class loader, not through DriverManager, which in an embedding
     * container may know only the container's drivers.
     */
    private Driver driver() throws SQLException {
        try {
            return (Driver) Class.forName(dialect.driverClass(), true, HeartbeatWriter.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("cannot load the JDBC driver " + dialect.driverClass(), e);
        }
    }

    private int timeoutSeconds() {
        return timeoutSeconds(intervalMs);
    }

    /** {@link #timeoutMs(long)} in whole seconds, rounded up: what pgjdbc and JDBC query timeouts take. */
    private static int timeoutSeconds(long intervalMs) {
        return (int) Math.max(1, (timeoutMs(intervalMs) + 999) / 1000);
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("{} capture writes its heartbeat again", store);
        }
    }

    /**
     * Logs the first failure of a run of them; drops the connection, which may be broken, and looks
     * for the table again next time (someone may have dropped it).
     */
    private void failed(String what, Exception e) {
        tableExists = false;
        if (!failing && !closed) {
            failing = true;
            // Driver messages name host, port and the problem, never the password.
            LOG.warn("{} capture: {} ({}); trying again every {} ms, lag of this store grows meanwhile",
                    store, what, e.toString(), intervalMs);
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // a broken connection is gone either way
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(timeoutMs(intervalMs) + 1_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("{} heartbeat writer still running after close", store);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeConnection();
        }
    }

    private static Properties login(String user, String password) {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        return login;
    }
}
