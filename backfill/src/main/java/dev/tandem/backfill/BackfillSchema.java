package dev.tandem.backfill;

import dev.tandem.engine.schema.EngineSchema;

/**
 * The backfill's own table (its checkpoint) in the engine database: migrations under
 * {@value #MIGRATIONS}, history in {@value #HISTORY_TABLE}. Whoever runs a {@link Backfill} migrates
 * it first, after the engine's schema ({@link EngineSchema#migrate}).
 */
public final class BackfillSchema {
    /** Classpath folder of the migrations. */
    public static final String MIGRATIONS = "db/backfill";
    /** Flyway's schema history of these migrations, apart from the engine's. */
    public static final String HISTORY_TABLE = "flyway_schema_history_backfill";

    private BackfillSchema() {
    }

    /** Brings the backfill's table to its newest version; answers how many migrations ran. */
    public static int migrate(String jdbcUrl, String user, String password) {
        return EngineSchema.migrateBeside(jdbcUrl, user, password, MIGRATIONS, HISTORY_TABLE);
    }
}
