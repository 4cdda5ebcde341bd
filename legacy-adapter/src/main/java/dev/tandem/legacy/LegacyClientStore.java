package dev.tandem.legacy;

import dev.tandem.legacy.mapping.LegacyClientMapping;
import dev.tandem.legacy.mapping.LegacyClientRow;
import dev.tandem.legacy.schema.LegacyClientTable;
import dev.tandem.model.TokenStoreException;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.model.client.ClientUpsertResult;
import dev.tandem.model.client.InvalidClientRecordException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The legacy store's clients: the old server's {@code hydra_client} table, on the same pool as
 * {@link LegacyTokenStore} (so the same rules hold: affected rows, not found rows, which
 * {@link LegacyTokenStore#verifyPool()} checks; the schema migrated by {@code LegacyMigration}).
 * The SQL is {@link LegacyClientSql}'s, the mapping {@link LegacyClientMapping}'s.
 */
public class LegacyClientStore implements ClientStore {
    private final Pool pool;

    public LegacyClientStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public String name() {
        return LegacyTokenStore.NAME;
    }

    @Override
    public Uni<ClientUpsertResult> upsert(ClientRecord record) {
        return LegacyCalls.write("client upsert", () -> {
            if (record == null) {
                throw new InvalidClientRecordException("record", "is required");
            }
            LegacyClientRow row = LegacyClientMapping.toRow(record);
            return pool.withTransaction(conn -> conn.preparedQuery(LegacyClientSql.UPSERT).execute(upsertParameters(row))
                            .flatMap(written -> rowById(conn, row.id()).map(stored -> new Written(written.rowCount(), stored))))
                    .map(written -> {
                        LegacyClientRow stored = written.stored().orElseThrow(() -> new TokenStoreException(LegacyTokenStore.NAME,
                                true, "client upsert of " + row.id() + " found no row after writing it", null));
                        // Affected rows: 1 inserted, 2 updated, 0 nothing changed (an older or equal version).
                        return new ClientUpsertResult(written.rowCount() > 0, LegacyClientMapping.toCanonical(stored));
                    });
        });
    }

    @Override
    public Uni<Optional<ClientRecord>> lookup(String id) {
        return LegacyCalls.read("client lookup", () -> rowById(pool, requireId("id", id))
                .map(row -> row.map(LegacyClientMapping::toCanonical)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A row that cannot be mapped fails the scan with a {@link dev.tandem.legacy.mapping.LegacyClientRowException}
     * naming it: a backfill or verification must not skip a client silently.
     */
    @Override
    public Uni<List<ClientRecord>> scan(String afterId, int limit) {
        return LegacyCalls.read("client scan", () -> {
            String after = afterId == null ? "" : requireId("afterId", afterId);
            if (limit < 1) {
                throw new InvalidClientRecordException("limit", limit + " is not a page size: expected at least 1");
            }
            return pool.preparedQuery(LegacyClientSql.SCAN).execute(Tuple.of(after, limit)).map(rows -> {
                List<ClientRecord> page = new ArrayList<>();
                for (Row row : rows) {
                    page.add(LegacyClientMapping.toCanonical(clientRow(row)));
                }
                return page;
            });
        });
    }

    private static String requireId(String field, String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidClientRecordException(field, "is required");
        }
        return id;
    }

    private static Uni<Optional<LegacyClientRow>> rowById(SqlClient client, String id) {
        return client.preparedQuery(LegacyClientSql.SELECT_BY_ID).execute(Tuple.of(id))
                .map(RowSet::iterator)
                .map(rows -> rows.hasNext() ? Optional.of(clientRow(rows.next())) : Optional.empty());
    }

    /** Through {@link LegacyClientRow#fromColumns}, the same path change events take. */
    private static LegacyClientRow clientRow(Row row) {
        Map<String, Object> columns = new HashMap<>();
        for (String column : LegacyClientTable.COLUMNS) {
            columns.put(column, row.getValue(column));
        }
        return LegacyClientRow.fromColumns(columns);
    }

    private static Tuple upsertParameters(LegacyClientRow row) {
        return Tuple.tuple()
                .addString(row.id())
                .addString(row.clientName())
                .addString(row.clientSecret())
                .addString(row.redirectUris())
                .addString(row.grantTypes())
                .addString(row.responseTypes())
                .addString(row.scope())
                .addString(row.tokenEndpointAuthMethod())
                .addLocalDateTime(utc(row.createdAt()))
                .addLocalDateTime(utc(row.updatedAt()))
                .addString(row.metadata())
                .addInteger(row.tandemDeleted() ? 1 : 0)
                .addLong(row.tandemVersion());
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Written(int rowCount, Optional<LegacyClientRow> stored) {
    }
}
