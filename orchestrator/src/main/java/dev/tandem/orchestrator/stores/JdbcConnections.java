package dev.tandem.orchestrator.stores;

import dev.tandem.orchestrator.config.TandemConfig;
import dev.tandem.verification.ConnectionSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Plain JDBC connections to both stores, for the bulk jobs (backfill, verification): they stream
 * whole key ranges and batch-write, which the reactive pools of the token path are not meant for,
 * and each job holds its few connections only while it runs.
 */
@ApplicationScoped
public class JdbcConnections {
    @Inject
    TandemConfig config;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String engineUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String engineUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> enginePassword;

    public ConnectionSource legacy() {
        TandemConfig.Legacy legacy = config.legacy();
        return ConnectionSource.jdbc("jdbc:mariadb://" + legacy.host() + ":" + legacy.port() + "/" + legacy.database(),
                legacy.user(), legacy.password());
    }

    public ConnectionSource engine() {
        return ConnectionSource.jdbc(engineUrl, engineUser, enginePassword.orElse(""));
    }

    /**
     * Runs a job's own migration of the engine database ({@code BackfillSchema::migrate},
     * {@code VerificationSchema::migrate}) with the engine's login. Quarkus's Flyway has migrated
     * the engine's own tables before any start observer runs.
     */
    public void migrateEngine(EngineMigration migration) {
        migration.migrate(engineUrl, engineUser, enginePassword.orElse(""));
    }

    /** A job's schema migration over JDBC, as its module defines it. */
    @FunctionalInterface
    public interface EngineMigration {
        int migrate(String jdbcUrl, String user, String password);
    }
}
