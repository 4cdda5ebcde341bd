package dev.tandem.backfill;

import dev.tandem.engine.EngineSessionFactory;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.legacy.LegacyPools;
import dev.tandem.legacy.LegacyTokenStore;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import dev.tandem.testing.RandomTokens;
import io.smallrye.mutiny.Multi;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Both stores on fresh databases of the test stack: legacy with Tandem's migration, engine at the
 * newest schema. Also the JDBC connectors a {@link Backfill} takes.
 */
final class Stores implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final DatabaseEndpoint legacyEndpoint;
    final DatabaseEndpoint engineEndpoint;
    final LegacyTokenStore legacy;
    final EngineTokenStore engine;
    private final Vertx vertx = Vertx.vertx();
    private final Pool pool;
    private final Mutiny.SessionFactory sessions;

    Stores() {
        this(TestStack.get().freshLegacyDatabase());
    }

    /** Over an existing legacy database (a seeded one), with a fresh engine database. */
    Stores(DatabaseEndpoint legacyEndpoint) {
        this.legacyEndpoint = legacyEndpoint;
        this.engineEndpoint = TestStack.get().freshEngineDatabase();
        try (Connection connection = legacyEndpoint.connect()) {
            LegacySchema.create(connection);
            LegacyMigration.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up " + legacyEndpoint, e);
        }
        EngineSchema.migrate(engineEndpoint.jdbcUrl(), engineEndpoint.user(), engineEndpoint.password());
        BackfillSchema.migrate(engineEndpoint.jdbcUrl(), engineEndpoint.user(), engineEndpoint.password());
        pool = LegacyPools.create(vertx, new MySQLConnectOptions().setHost(legacyEndpoint.host())
                .setPort(legacyEndpoint.port()).setDatabase(legacyEndpoint.database())
                .setUser(legacyEndpoint.user()).setPassword(legacyEndpoint.password()), new PoolOptions().setMaxSize(4));
        legacy = new LegacyTokenStore(pool);
        sessions = EngineSessionFactory.standalone(engineEndpoint.jdbcUrl(), engineEndpoint.user(), engineEndpoint.password(), 4);
        engine = new EngineTokenStore(sessions);
    }

    JdbcConnector legacyJdbc() {
        return legacyEndpoint::connect;
    }

    JdbcConnector engineJdbc() {
        return engineEndpoint::connect;
    }

    Backfill backfill(String owner) {
        return new Backfill(legacyJdbc(), engineJdbc(), owner, null);
    }

    void seedLegacy(List<TokenRecord> records) {
        Multi.createFrom().iterable(records)
                .onItem().transformToUni(legacy::upsert).merge(8)
                .collect().last()
                .await().atMost(Duration.ofMinutes(2));
    }

    /**
     * {@code count} tokens as the old server left them: version 0, issued an hour ago, expiring in
     * two days (well past the default horizon), one in ten revoked.
     */
    static List<TokenRecord> oldTokens(int count, long seed) {
        RandomTokens random = new RandomTokens(seed);
        Instant issued = Instant.now().minus(Duration.ofHours(1));
        List<TokenRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(random.record().toBuilder().issuedAt(issued).expiresAt(issued.plus(Duration.ofDays(2)))
                    .revokedAt(i % 10 == 0 ? issued : null).version(0).build());
        }
        return records;
    }

    Optional<TokenRecord> inLegacy(String id) {
        return legacy.find(id).await().atMost(TIMEOUT);
    }

    Optional<TokenRecord> inEngine(String id) {
        return engine.find(id).await().atMost(TIMEOUT);
    }

    List<TokenRecord> allInEngine() {
        return engine.scan(null, 1_000_000).await().atMost(TIMEOUT);
    }

    @Override
    public void close() {
        sessions.close();
        vertx.closeAndAwait();
    }
}
