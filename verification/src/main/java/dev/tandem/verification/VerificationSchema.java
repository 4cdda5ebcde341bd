package dev.tandem.verification;

import dev.tandem.engine.schema.EngineSchema;

/**
 * The verification's own tables (runs, chunks, differences) in the engine database: migrations under
 * {@value #MIGRATIONS}, history in {@value #HISTORY_TABLE}. Whoever runs a {@link Verification}
 * migrates them first, after the engine's schema ({@link EngineSchema#migrate}).
 */
public final class VerificationSchema {
    /** Classpath folder of the migrations. */
    public static final String MIGRATIONS = "db/verification";
    /** Flyway's schema history of these migrations, apart from the engine's. */
    public static final String HISTORY_TABLE = "flyway_schema_history_verification";

    private VerificationSchema() {
    }

    /** Brings the verification's tables to their newest version; answers how many migrations ran. */
    public static int migrate(String jdbcUrl, String user, String password) {
        return EngineSchema.migrateBeside(jdbcUrl, user, password, MIGRATIONS, HISTORY_TABLE);
    }
}
