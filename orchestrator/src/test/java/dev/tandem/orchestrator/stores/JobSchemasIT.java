package dev.tandem.orchestrator.stores;

import dev.tandem.backfill.BackfillSchema;
import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import dev.tandem.verification.VerificationSchema;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs migrate their own tables (issue 11), on a fresh engine database and on one migrated when
 * the engine's Flyway still carried them as V3 and V4. Here, beside the orchestrator, because it is
 * the one module that runs both jobs.
 */
class JobSchemasIT {

    @Test
    void freshDatabaseGetsEachJobsTablesUnderItsOwnHistory() throws SQLException {
        DatabaseEndpoint engine = TestStack.get().freshEngineDatabase();

        EngineSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password());
        assertThat(BackfillSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password())).isEqualTo(1);
        assertThat(VerificationSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password()))
                .as("V1 (runs) and V2 (clients in the differences)").isEqualTo(2);

        assertThat(count(engine, "SELECT count(*) FROM flyway_schema_history WHERE script LIKE '%backfill%'"
                + " OR script LIKE '%verification%'")).as("the engine's history knows nothing of the jobs").isZero();
        assertThat(count(engine, "SELECT count(*) FROM backfill_checkpoint")).isZero();
        assertThat(count(engine, "SELECT count(*) FROM verification_run")).isZero();
        assertThat(BackfillSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password()))
                .as("a second start migrates nothing").isZero();
    }

    @Test
    void databaseMigratedBeforeTheMoveStartsAndKeepsItsRows() throws SQLException {
        DatabaseEndpoint engine = TestStack.get().freshEngineDatabase();
        migratedBeforeTheMove(engine);
        execute(engine, "INSERT INTO backfill_checkpoint (name, state, chunk_size, rows_per_second_limit,"
                + " expiry_horizon_seconds, lag_threshold_ms, lease_seconds, started_at, updated_at)"
                + " VALUES ('legacy-to-engine', 'DONE', 5000, 0, 3600, 5000, 30, now(), now())");
        execute(engine, "INSERT INTO verification_run (phase, state, chunk_count) VALUES ('DUAL_WRITE', 'RUNNING', 16)");

        assertThat(EngineSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password()))
                .as("V3 and V4 applied but no longer resolved: not a failure").isZero();
        assertThat(BackfillSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password())).isEqualTo(1);
        assertThat(VerificationSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password()))
                .as("V1 (runs) and V2 (clients in the differences)").isEqualTo(2);

        assertThat(count(engine, "SELECT count(*) FROM backfill_checkpoint WHERE state = 'DONE'")).isEqualTo(1);
        assertThat(count(engine, "SELECT count(*) FROM verification_run WHERE state = 'RUNNING'")).isEqualTo(1);
    }

    /**
     * The state an older release left: engine V1 and V2, then the jobs' tables recorded in the
     * engine's history as V3 and V4 (their SQL then was the jobs' V1 without IF NOT EXISTS), then V5.
     */
    private static void migratedBeforeTheMove(DatabaseEndpoint engine) throws SQLException {
        Flyway.configure().dataSource(engine.jdbcUrl(), engine.user(), engine.password())
                .locations("classpath:" + EngineSchema.MIGRATIONS).target("2").load().migrate();
        String[][] moved = {
                {"3", "backfill", BackfillSchema.MIGRATIONS + "/V1__backfill_checkpoint.sql"},
                {"4", "verification", VerificationSchema.MIGRATIONS + "/V1__verification_runs.sql"}};
        for (String[] migration : moved) {
            execute(engine, resource(migration[2]));
            execute(engine, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (" + migration[0] + ", '" + migration[0]
                    + "', '" + migration[1] + "', 'SQL', 'V" + migration[0] + "__" + migration[1] + ".sql', 0, 'tandem', 1, true)");
        }
        EngineSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password());
        assertThat(count(engine, "SELECT count(*) FROM flyway_schema_history WHERE version IN ('3', '4', '5')")).isEqualTo(3);
    }

    private static String resource(String path) {
        try (InputStream in = JobSchemasIT.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(DatabaseEndpoint engine, String sql) throws SQLException {
        try (Connection connection = engine.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(DatabaseEndpoint engine, String sql) throws SQLException {
        try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
