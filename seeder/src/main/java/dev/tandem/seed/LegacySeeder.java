package dev.tandem.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.commandline.Commands;
import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.seed.SeedPlan.TokenSpec;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills a legacy database with realistic rows, written the way the old server writes them: plain
 * INSERTs that never name {@code tandem_version} (so they work before and after LegacyMigration).
 * For load tests, backfill and verification runs, and the CDC pipeline's tests.
 *
 * <p>Fast by writing each table in primary-key order (see {@link SeedPlan}), with LOAD DATA LOCAL
 * INFILE from a generated stream, {@value #ROWS_PER_LOAD} rows (one transaction) per statement, over
 * {@code --threads} connections, each taking a contiguous key range of every table. On this project's
 * 2-core box that measured about twice the rate of 1,000-row INSERTs, most of whose time went into
 * escaping parameters and parsing SQL.
 */
public final class LegacySeeder {
    static final int ROWS_PER_LOAD = 5_000;
    /** The session runs in UTC (see connect), so TIMESTAMPs travel as UTC wall-clock text. */
    private static final DateTimeFormatter UTC_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What a run wrote and how fast. */
    public record SeedReport(int rows, double seconds, Instant now) {
        public double rowsPerSecond() {
            return seconds == 0 ? rows : rows / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "seeded %d rows in %.1f s (%.0f rows/s)", rows, seconds, rowsPerSecond());
        }

        /** The same figures for {@code -o json}, camelCase as the other commands' JSON; {@code now} in ISO-8601 UTC. */
        public String toJson() {
            return new ObjectMapper().createObjectNode().put("rows", rows).put("seconds", seconds)
                    .put("rowsPerSecond", rowsPerSecond()).put("now", now.toString()).toPrettyString();
        }
    }

    private LegacySeeder() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole command; answers the exit code (0 seeded, 1 a database error, 2 bad usage). */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return Commands.run("seed", new SeedCommand(environment, (options, json) -> {
            try {
                SeedReport report = seed(options);
                out.println(json ? report.toJson() : report.toString());
                return 0;
            } catch (SQLException e) {
                err.println("seed: failed against " + options.host() + ":" + options.port() + "/" + options.database()
                        + ": MariaDB error " + e.getErrorCode() + ": " + e.getMessage());
                return 1;
            }
        }), args, out, err, List.of(SeedOptions.PASSWORD));
    }

    /**
     * Writes {@code options.tokens()} rows, times relative to the current time (whole seconds):
     * a row is expired if its expiry is before {@link SeedReport#now()}.
     */
    public static SeedReport seed(SeedOptions options) throws SQLException {
        long start = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Connection connection = connect(options, false); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + options.database());
        }
        try (Connection connection = connect(options, true)) {
            LegacySchema.create(connection);
        }
        Map<LegacyTable, List<TokenSpec>> plan = SeedPlan.plan(options.tokens(), options.seed());
        write(options, plan, now);
        return new SeedReport(options.tokens(), (System.nanoTime() - start) / 1e9, now);
    }

    private static void write(SeedOptions options, Map<LegacyTable, List<TokenSpec>> plan, Instant now) throws SQLException {
        ExecutorService writers = Executors.newFixedThreadPool(options.threads());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < options.threads(); writer++) {
                int part = writer;
                done.add(writers.submit(() -> {
                    try (Connection connection = connect(options, true)) {
                        for (Map.Entry<LegacyTable, List<TokenSpec>> table : plan.entrySet()) {
                            List<TokenSpec> specs = table.getValue();
                            int from = (int) ((long) specs.size() * part / options.threads());
                            int to = (int) ((long) specs.size() * (part + 1) / options.threads());
                            writeRange(connection, table.getKey(), specs.subList(from, to), now);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("a seeding thread failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding", e);
        } finally {
            writers.shutdownNow();
        }
    }

    private static void writeRange(Connection connection, LegacyTable table, List<TokenSpec> specs, Instant now)
            throws SQLException {
        String load = "LOAD DATA LOCAL INFILE 'seed.tsv' INTO TABLE " + table.tableName()
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                + " (" + String.join(", ", LegacyTable.OLD_SERVER_COLUMNS) + ")";
        try (Statement statement = connection.createStatement()) {
            org.mariadb.jdbc.Statement mariadb = statement.unwrap(org.mariadb.jdbc.Statement.class);
            StringBuilder tsv = new StringBuilder(ROWS_PER_LOAD * 1_100);
            for (int start = 0; start < specs.size(); start += ROWS_PER_LOAD) {
                tsv.setLength(0);
                for (TokenSpec spec : specs.subList(start, Math.min(specs.size(), start + ROWS_PER_LOAD))) {
                    appendLine(tsv, OldServerRows.row(table, spec, now));
                }
                mariadb.setLocalInfileInputStream(new ByteArrayInputStream(tsv.toString().getBytes(StandardCharsets.UTF_8)));
                statement.execute(load);
            }
        }
    }

    private static void appendLine(StringBuilder tsv, LegacyRow row) {
        field(tsv, row.signature());
        field(tsv, row.requestId());
        field(tsv, UTC_DATETIME.format(row.requestedAt()));
        field(tsv, row.clientId());
        field(tsv, row.scope());
        field(tsv, row.grantedScope());
        field(tsv, row.requestedAudience());
        field(tsv, row.grantedAudience());
        field(tsv, row.formData());
        field(tsv, row.sessionData());
        field(tsv, row.subject());
        field(tsv, row.active() ? "1" : "0");
        field(tsv, row.challengeId());
        tsv.setCharAt(tsv.length() - 1, '\n');
    }

    /** One tab-terminated field, escaped as LOAD DATA reads it; null is {@code \N}. */
    private static void field(StringBuilder tsv, String value) {
        if (value == null) {
            tsv.append("\\N\t");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\t' -> tsv.append("\\t");
                case '\n' -> tsv.append("\\n");
                case '\r' -> tsv.append("\\r");
                case '\\' -> tsv.append("\\\\");
                default -> tsv.append(c);
            }
        }
        tsv.append('\t');
    }

    private static Connection connect(SeedOptions options, boolean withDatabase) throws SQLException {
        Connection connection = DriverManager.getConnection(options.serverUrl() + (withDatabase ? options.database() : "")
                + "?allowLocalInfile=true", options.user(), options.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
        return connection;
    }
}
