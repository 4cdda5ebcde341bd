package dev.tandem.engine.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The new engine's database schema, owned by Flyway. The migrations are plain SQL resources under
 * {@value #MIGRATIONS} so that a Quarkus application can run the same ones through
 * {@code quarkus.flyway.locations=db/engine}; this class is for tests, benchmarks and tools that run
 * without Quarkus.
 */
public final class EngineSchema {
    /** Classpath folder of the migrations. */
    public static final String MIGRATIONS = "db/engine";

    private EngineSchema() {
    }

    /**
     * Brings the database at {@code jdbcUrl} to the newest schema version; a database that is
     * already there is left alone. Answers how many migrations ran.
     */
    public static int migrate(String jdbcUrl, String user, String password) {
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:" + MIGRATIONS)
                // A schema that holds tables from outside Tandem is an operator mistake, not a baseline.
                .baselineOnMigrate(false)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
