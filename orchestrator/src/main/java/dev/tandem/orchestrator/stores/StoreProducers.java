package dev.tandem.orchestrator.stores;

import dev.tandem.engine.EngineClientStore;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.legacy.LegacyClientStore;
import dev.tandem.legacy.LegacyPools;
import dev.tandem.legacy.LegacyTokenStore;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.orchestrator.config.TandemConfig;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** The two stores of this instance (its write-version clock comes with its node id, from {@code Instances}). */
@ApplicationScoped
public class StoreProducers {
    private static final Logger LOG = Logger.getLogger(StoreProducers.class);

    @Produces
    @Singleton
    Pool legacyPool(Vertx vertx, TandemConfig config) {
        TandemConfig.Legacy legacy = config.legacy();
        if (legacy.migrateAtStart()) {
            migrateLegacy(legacy);
        }
        return LegacyPools.create(vertx, new MySQLConnectOptions()
                        .setHost(legacy.host()).setPort(legacy.port()).setDatabase(legacy.database())
                        .setUser(legacy.user()).setPassword(legacy.password()),
                new PoolOptions().setMaxSize(legacy.poolSize()));
    }

    void closeLegacyPool(@Disposes Pool pool) {
        pool.closeAndAwait();
    }

    @Produces
    @Singleton
    @Startup
    LegacyTokenStore legacyStore(Pool legacyPool) {
        return new LegacyTokenStore(legacyPool);
    }

    @Produces
    @Singleton
    @Startup
    EngineTokenStore engineStore(Mutiny.SessionFactory sessions) {
        return new EngineTokenStore(sessions);
    }

    @Produces
    @Singleton
    LegacyClientStore legacyClients(Pool legacyPool) {
        return new LegacyClientStore(legacyPool);
    }

    @Produces
    @Singleton
    EngineClientStore engineClients(Mutiny.SessionFactory sessions) {
        return new EngineClientStore(sessions);
    }

    private static void migrateLegacy(TandemConfig.Legacy legacy) {
        String url = "jdbc:mariadb://" + legacy.host() + ":" + legacy.port() + "/" + legacy.database();
        try (Connection connection = DriverManager.getConnection(url, legacy.user(), legacy.password())) {
            List<String> applied = LegacyMigration.apply(connection);
            if (!applied.isEmpty()) {
                LOG.infof("legacy migration applied: %s", applied);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not apply Tandem's legacy migration on " + legacy.host() + ":"
                    + legacy.port() + "/" + legacy.database() + ": " + e.getMessage(), e);
        }
    }
}
