package dev.tandem.engine.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The new engine's database schema, owned by Flyway. The migrations are plain SQL resources under
 * {@value #MIGRATIONS} so that a Quarkus application can run the same ones through
 * {@code quarkus.flyway.locations=db/engine}; this class is for tests, benchmarks and tools that run
 * without Quarkus.
 *
 * <p>Other modules keep their own tables in the engine database (the bulk jobs' checkpoints and
 * runs) and migrate them with {@link #migrateBeside}, each under its own location and schema history,
 * so that this module knows nothing of them.
 */
public final class EngineSchema {
    /** Classpath folder of the migrations. */
    public static final String MIGRATIONS = "db/engine";

    /**
     * Migrations that were applied once and are no longer in {@value #MIGRATIONS}: V3 and V4 carried
     * the backfill's and the verification's tables until those modules migrated their own (issue 11).
     * A database migrated before still lists them in its history, and Flyway would refuse to start
     * on an applied migration it cannot resolve. Quarkus takes the same pattern
     * ({@code quarkus.flyway.ignore-migration-patterns} in the orchestrator's application.properties).
     */
    public static final String IGNORE_MOVED_MIGRATIONS = "*:missing";

    private EngineSchema() {
    }

    /**
     * Brings the database at {@code jdbcUrl} to the newest schema version; a database that is
     * already there is left alone. Answers how many migrations ran. Run it before any
     * {@link #migrateBeside}: it refuses a schema that holds tables but no engine history.
     */
    public static int migrate(String jdbcUrl, String user, String password) {
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:" + MIGRATIONS)
                // A schema that holds tables from outside Tandem is an operator mistake, not a baseline.
                .baselineOnMigrate(false)
                .ignoreMigrationPatterns(IGNORE_MOVED_MIGRATIONS)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }

    /**
     * Migrates another module's tables in the engine database: the migrations under
     * {@code location}, recorded in their own {@code historyTable}, apart from the engine's. Answers
     * how many ran.
     *
     * <p>The schema already holds the engine's tables when a module first migrates, so its history
     * starts with a baseline at version 0 and every one of its migrations runs. A module whose
     * tables the engine's history created before (V3, V4) writes its first migration with
     * {@code IF NOT EXISTS}, so that it passes over them.
     */
    public static int migrateBeside(String jdbcUrl, String user, String password, String location, String historyTable) {
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:" + location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
