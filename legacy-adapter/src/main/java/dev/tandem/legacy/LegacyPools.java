package dev.tandem.legacy;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.mysqlclient.MySQLBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Builds a reactive pool the way {@link LegacyTokenStore} needs it. Whoever builds the pool
 * elsewhere (Quarkus) must set the same two options.
 */
public final class LegacyPools {
    private LegacyPools() {
    }

    /**
     * A pool over {@code options} with {@code useAffectedRows} on, without which an upsert that
     * changed nothing is counted like an insert (the protocol's CLIENT_FOUND_ROWS), and with prepared
     * statements cached, since the store runs the same few statements all day.
     */
    public static Pool create(Vertx vertx, MySQLConnectOptions options, PoolOptions poolOptions) {
        MySQLConnectOptions storeOptions = new MySQLConnectOptions(options)
                .setUseAffectedRows(true)
                .setCachePreparedStatements(true);
        return MySQLBuilder.pool().with(poolOptions).connectingTo(storeOptions).using(vertx).build();
    }
}
