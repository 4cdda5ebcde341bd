package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthClientEntity;
import dev.tandem.engine.schema.OAuthTokenEntity;
import dev.tandem.engine.schema.SigningKeyEntity;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;
import org.hibernate.reactive.provider.Settings;

import java.util.List;

/**
 * Builds a Hibernate Reactive {@link Mutiny.SessionFactory} for the engine database without
 * Quarkus, for tests, benchmarks and tools. In the application Quarkus builds the factory (and
 * finds {@link #ENTITIES} through this module's Jandex index).
 */
public final class EngineSessionFactory {
    /** Every entity of the engine schema. */
    public static final List<Class<?>> ENTITIES = List.of(OAuthTokenEntity.class, OAuthClientEntity.class, SigningKeyEntity.class);

    /** The oldest PostgreSQL the engine schema and its SQL are written for. */
    public static final String MINIMUM_SERVER_VERSION = "15";

    /** How long a statement waits for a connection before failing (retriably). */
    public static final int CONNECT_TIMEOUT_MS = 5_000;

    private EngineSessionFactory() {
    }

    /**
     * A session factory with its own Vert.x pool of {@code poolSize} connections. Close it to close
     * the pool. Building it does not connect: an unreachable database fails the first statement
     * (retriably), not this call.
     *
     * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}
     * @param poolSize at least 1
     */
    public static Mutiny.SessionFactory standalone(String jdbcUrl, String user, String password, int poolSize) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("jdbcUrl: " + (jdbcUrl == null ? "missing" : "\"" + jdbcUrl + "\"")
                    + " is not a PostgreSQL URL (expected jdbc:postgresql://host:port/database)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " is too small (at least 1)");
        }
        Configuration configuration = new Configuration();
        ENTITIES.forEach(configuration::addAnnotatedClass);
        configuration.setProperty(AvailableSettings.JAKARTA_JDBC_URL, jdbcUrl);
        configuration.setProperty(AvailableSettings.JAKARTA_JDBC_USER, user);
        if (password != null) {
            configuration.setProperty(AvailableSettings.JAKARTA_JDBC_PASSWORD, password);
        }
        configuration.setProperty(AvailableSettings.POOL_SIZE, Integer.toString(poolSize));
        configuration.setProperty(Settings.POOL_CONNECT_TIMEOUT, Integer.toString(CONNECT_TIMEOUT_MS));
        // Without these, building the factory connects to ask the server its version, so a factory
        // (and the application holding it) could not start while the database is down; failures
        // belong to the statements, where they are classified and retried.
        configuration.setProperty(AvailableSettings.ALLOW_METADATA_ON_BOOT, "false");
        configuration.setProperty(AvailableSettings.JAKARTA_HBM2DDL_DB_NAME, "PostgreSQL");
        configuration.setProperty(AvailableSettings.JAKARTA_HBM2DDL_DB_VERSION, MINIMUM_SERVER_VERSION);
        // Flyway owns the schema (EngineSchema); Hibernate must never create or alter it.
        configuration.setProperty(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none");
        configuration.setProperty(AvailableSettings.SHOW_SQL, "false");
        return configuration
                .buildSessionFactory(new ReactiveServiceRegistryBuilder()
                        .applySettings(configuration.getProperties())
                        .build())
                .unwrap(Mutiny.SessionFactory.class);
    }
}
