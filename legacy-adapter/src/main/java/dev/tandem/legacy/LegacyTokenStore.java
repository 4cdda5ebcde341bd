package dev.tandem.legacy;

import dev.tandem.legacy.mapping.LegacyMapping;
import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.model.TokenStoreException;
import dev.tandem.model.UpsertResult;
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
import java.util.Set;

/**
 * The legacy store: the old server's three MariaDB tables, through the reactive MySQL client.
 * Implements {@link TokenStore}'s merge semantics in plain SQL (see {@link LegacySql}); the mapping
 * to canonical records is {@link LegacyMapping}'s.
 *
 * <p>The pool must report affected rows, not found rows ({@code useAffectedRows=true}; in Quarkus
 * {@code quarkus.datasource.<name>.reactive.mysql.use-affected-rows=true}), or an upsert that
 * changed nothing would be reported as applied; {@link #verifyPool()} checks it at start-up, and
 * {@link LegacyPools#create} builds such a pool. The schema must carry {@code tandem_version}
 * ({@code LegacyMigration.apply}).
 *
 * <p>Every write is idempotent (upserts through their versions, revocations and deletes by nature),
 * so a write that InnoDB rolled back as a deadlock victim is tried again here, a few times, before
 * the failure reaches the caller as a retriable {@link TokenStoreException}. Concurrent writes do
 * deadlock now and then: an upsert's check that no other kind's table holds the id takes gap locks
 * in those tables, and the unique index takes its own.
 */
public class LegacyTokenStore implements TokenStore {
    public static final String NAME = "legacy";
    /** Further attempts after a deadlock. */
    public static final int DEADLOCK_RETRIES = LegacyCalls.DEADLOCK_RETRIES;
    /** Tombstones the purge reads per query (it keeps the expired ones of each page). */
    private static final int TOMBSTONE_PAGE = 1_000;

    private final Pool pool;

    public LegacyTokenStore(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Fails, naming the fix, when the pool counts found rows rather than affected rows. Works on a
     * temporary table (the user needs CREATE TEMPORARY TABLES), which ROW-format binlogs, and so CDC,
     * never see. Meant for start-up.
     */
    public Uni<Void> verifyPool() {
        return pool.withConnection(conn -> conn.query("CREATE TEMPORARY TABLE IF NOT EXISTS tandem_pool_check (id INT PRIMARY KEY, v INT)").execute()
                        .flatMap(created -> conn.query("REPLACE INTO tandem_pool_check VALUES (1, 1)").execute())
                        .flatMap(inserted -> conn.query("UPDATE tandem_pool_check SET v = 1 WHERE id = 1").execute())
                        .map(RowSet::rowCount)
                        .call(count -> conn.query("DROP TEMPORARY TABLE tandem_pool_check").execute()))
                .onFailure().transform(failure -> LegacyErrorClassifier.classify("pool check", failure))
                .flatMap(unchangedRows -> unchangedRows == 0 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new IllegalStateException("the legacy pool counts found rows, not affected"
                        + " rows: an upsert that changes nothing would be reported as applied; set useAffectedRows=true"
                        + " (Quarkus: quarkus.datasource.<name>.reactive.mysql.use-affected-rows=true)")));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Legacy keeps no revocation time, only the {@code active} flag. */
    @Override
    public Set<TokenField> approximatedFields() {
        return Set.of(TokenField.REVOKED_AT);
    }

    /** Legacy's limits: a 32-bit TIMESTAMP for the issue time, TEXT for the scopes. */
    @Override
    public void requireStorable(TokenRecord record) {
        LegacyMapping.toRow(require("record", record));
    }

    @Override
    public Uni<UpsertResult> upsert(TokenRecord record) {
        return LegacyCalls.write("upsert", () -> {
            LegacyRow row = LegacyMapping.toRow(require("record", record));
            return pool.withTransaction(conn -> conn.preparedQuery(LegacySql.upsert(row.table()))
                            .execute(upsertParameters(row))
                            .flatMap(written -> rowsById(conn, row.signature())
                                    .map(stored -> new Written(written.rowCount(), stored))))
                    .map(written -> {
                        TokenRecord stored = single(written.stored(), row.signature())
                                .orElseThrow(() -> new TokenStoreException(NAME, true,
                                        "upsert of " + row.signature() + " found no row after writing it", null));
                        // rowCount with affected-rows semantics: 1 inserted, 2 updated, 0 nothing changed
                        // (an older version, or the id held by another kind's table).
                        boolean applied = written.rowCount() > 0 && stored.kind() == record.kind();
                        return new UpsertResult(applied, stored);
                    });
        });
    }

    @Override
    public Uni<Optional<TokenRecord>> lookup(String id) {
        return LegacyCalls.read("find", () -> rowsById(pool, TokenId.requireValid("id", id)).map(rows -> single(rows, id)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Legacy keeps no revocation time: {@code revokedAt} is checked, and the {@code active} flag is
     * all that is stored. The version stays as it is.
     */
    @Override
    public Uni<Optional<TokenRecord>> revoke(String id, Instant revokedAt) {
        return LegacyCalls.write("revoke", () -> {
            TokenId.requireValid("id", id);
            require("revokedAt", revokedAt);
            return pool.withTransaction(conn -> rowsById(conn, id).flatMap(rows -> {
                if (rows.isEmpty()) {
                    return Uni.createFrom().item(rows);
                }
                return conn.preparedQuery(LegacySql.revoke(rows.get(0).table())).execute(Tuple.of(id))
                        .flatMap(updated -> rowsById(conn, id));
            })).map(rows -> single(rows, id));
        });
    }

    @Override
    public Uni<Optional<TokenRecord>> consume(String id, Instant consumedAt) {
        return LegacyCalls.write("consume", () -> {
            TokenId.requireValid("id", id);
            require("consumedAt", consumedAt);
            return pool.withTransaction(conn -> rowsById(conn, id).flatMap(rows -> {
                if (rows.isEmpty()) {
                    return Uni.createFrom().item(Optional.<LegacyRow>empty());
                }
                return conn.preparedQuery(LegacySql.consume(rows.get(0).table())).execute(Tuple.of(id))
                        .flatMap(updated -> updated.rowCount() == 1
                                ? rowsById(conn, id).map(after -> after.stream().findFirst())
                                : Uni.createFrom().item(Optional.<LegacyRow>empty()));
            })).map(row -> row.map(LegacyMapping::toCanonical));
        });
    }

    @Override
    public Uni<Integer> revokeFamily(String familyId, Instant revokedAt) {
        return LegacyCalls.write("revokeFamily", () -> {
            requireFamily(familyId);
            require("revokedAt", revokedAt);
            return pool.withTransaction(conn -> {
                Uni<Integer> revoked = Uni.createFrom().item(0);
                for (LegacyTable table : LegacyTable.values()) {
                    revoked = revoked.flatMap(count -> conn.preparedQuery(LegacySql.revokeFamily(table))
                            .execute(Tuple.of(familyId))
                            .map(rows -> count + rows.rowCount()));
                }
                return revoked;
            });
        });
    }

    @Override
    public Uni<List<TokenRecord>> family(String familyId) {
        return LegacyCalls.read("family", () -> {
            requireFamily(familyId);
            return pool.preparedQuery(LegacySql.SELECT_BY_FAMILY).execute(Tuple.of(familyId, familyId, familyId))
                    .map(rows -> legacyRows(rows).stream().map(LegacyMapping::toCanonical).toList());
        });
    }

    @Override
    public Uni<Optional<TokenRecord>> delete(String id, long version) {
        return LegacyCalls.write("delete", () -> {
            TokenId.requireValid("id", id);
            requireVersion(version);
            return pool.withTransaction(conn -> rowsById(conn, id).flatMap(rows -> {
                if (rows.isEmpty()) {
                    return Uni.createFrom().item(rows);
                }
                return conn.preparedQuery(LegacySql.delete(rows.get(0).table()))
                        .execute(Tuple.of(version, id, version))
                        .flatMap(marked -> rowsById(conn, id));
            })).map(rows -> single(rows, id));
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The expiry lives in {@code session_data}, which no index covers, so the purge pages through
     * the tombstones (a consistent read, no locks on the old server's rows) and removes the expired
     * ones by primary key, each only if it is still the tombstone it read.
     */
    @Override
    public Uni<Integer> purgeTombstones(Instant expiredBefore, int limit) {
        return LegacyCalls.write("purgeTombstones", () -> {
            require("expiredBefore", expiredBefore);
            if (limit < 1) {
                throw new InvalidTokenRecordException("limit", limit + " is too small: a purge removes at least 1 tombstone");
            }
            Uni<Integer> purged = Uni.createFrom().item(0);
            for (LegacyTable table : LegacyTable.values()) {
                purged = purged.flatMap(count -> count >= limit ? Uni.createFrom().item(count)
                        : purgeTable(table, expiredBefore, "", count, limit));
            }
            return purged;
        });
    }

    private Uni<Integer> purgeTable(LegacyTable table, Instant expiredBefore, String after, int purged, int limit) {
        return pool.preparedQuery(LegacySql.tombstones(table)).execute(Tuple.of(after, TOMBSTONE_PAGE))
                .flatMap(rows -> {
                    List<LegacyRow> page = legacyRows(rows);
                    List<Tuple> expired = new ArrayList<>();
                    for (LegacyRow row : page) {
                        if (expired.size() + purged < limit && isExpiredBefore(row, expiredBefore)) {
                            expired.add(Tuple.of(row.signature(), row.tandemVersion()));
                        }
                    }
                    Uni<Integer> removed = expired.isEmpty() ? Uni.createFrom().item(0)
                            : pool.preparedQuery(LegacySql.purge(table)).executeBatch(expired).map(LegacyTokenStore::batchRowCount);
                    return removed.flatMap(count -> page.size() < TOMBSTONE_PAGE || purged + count >= limit
                            ? Uni.createFrom().item(purged + count)
                            : purgeTable(table, expiredBefore, page.get(page.size() - 1).signature(), purged + count, limit));
                });
    }

    /** An unmappable tombstone is kept: the purge must not guess at a row it cannot read. */
    private static boolean isExpiredBefore(LegacyRow row, Instant expiredBefore) {
        try {
            return LegacyMapping.toCanonical(row).expiresAt().isBefore(expiredBefore);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private static int batchRowCount(RowSet<Row> result) {
        int count = 0;
        for (RowSet<Row> rows = result; rows != null; rows = rows.next()) {
            count += rows.rowCount();
        }
        return count;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A row that cannot be mapped fails the scan with a {@link dev.tandem.legacy.mapping.LegacyRowException}
     * naming it: a backfill or verification must not skip a token silently.
     */
    @Override
    public Uni<List<TokenRecord>> scan(String afterId, int limit) {
        return LegacyCalls.read("scan", () -> {
            if (afterId != null) {
                TokenId.requireValid("afterId", afterId);
            }
            if (limit < 1) {
                throw new InvalidTokenRecordException("limit", limit + " is not a page size: expected at least 1");
            }
            String after = afterId == null ? "" : afterId;
            Tuple parameters = Tuple.of(after, limit, after, limit, after, limit).addInteger(limit);
            return pool.preparedQuery(LegacySql.SCAN).execute(parameters).map(rows -> {
                List<TokenRecord> page = new ArrayList<>();
                LegacyRow previous = null;
                for (Row row : rows) {
                    LegacyRow current = legacyRow(row);
                    if (previous != null && previous.signature().equals(current.signature())) {
                        throw inTwoTables(previous, current);
                    }
                    page.add(LegacyMapping.toCanonical(current));
                    previous = current;
                }
                return page;
            });
        });
    }

    private static Uni<List<LegacyRow>> rowsById(SqlClient client, String id) {
        return client.preparedQuery(LegacySql.SELECT_BY_ID).execute(Tuple.of(id, id, id)).map(LegacyTokenStore::legacyRows);
    }

    private static List<LegacyRow> legacyRows(RowSet<Row> rows) {
        List<LegacyRow> result = new ArrayList<>();
        for (Row row : rows) {
            result.add(legacyRow(row));
        }
        return result;
    }

    /** Through {@link LegacyRow#fromColumns}, the same path change events take. */
    private static LegacyRow legacyRow(Row row) {
        LegacyTable table = LegacyTable.ofTableName(row.getString(LegacySql.SOURCE_TABLE));
        Map<String, Object> columns = new HashMap<>();
        for (String column : LegacyTable.COLUMNS) {
            columns.put(column, row.getValue(column));
        }
        return LegacyRow.fromColumns(table, columns);
    }

    /** Mapped outside the transaction, so that a revoke or delete of an unmappable row still commits. */
    private static Optional<TokenRecord> single(List<LegacyRow> rows, String id) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (rows.size() > 1) {
            throw inTwoTables(rows.get(0), rows.get(1));
        }
        return Optional.of(LegacyMapping.toCanonical(rows.get(0)));
    }

    private static TokenStoreException inTwoTables(LegacyRow first, LegacyRow second) {
        return new TokenStoreException(NAME, false, "signature " + first.signature() + " is in both "
                + first.table().tableName() + " and " + second.table().tableName()
                + ": a token has one kind; remove the wrong row by hand", null);
    }

    private static Tuple upsertParameters(LegacyRow row) {
        return Tuple.tuple()
                .addString(row.signature())
                .addString(row.requestId())
                .addLocalDateTime(LocalDateTime.ofInstant(row.requestedAt(), ZoneOffset.UTC))
                .addString(row.clientId())
                .addString(row.scope())
                .addString(row.grantedScope())
                .addString(row.requestedAudience())
                .addString(row.grantedAudience())
                .addString(row.formData())
                .addString(row.sessionData())
                .addString(row.subject())
                .addInteger(row.active() ? 1 : 0)
                .addString(row.challengeId())
                .addInteger(row.tandemDeleted() ? 1 : 0)
                .addLong(row.tandemVersion())
                .addString(row.signature())
                .addString(row.signature());
    }

    private static <T> T require(String field, T value) {
        if (value == null) {
            throw new InvalidTokenRecordException(field, "is required");
        }
        return value;
    }

    private static void requireVersion(long version) {
        if (version < 0) {
            throw new InvalidTokenRecordException("version", version + " is negative: versions start at 0");
        }
    }

    private static void requireFamily(String familyId) {
        if (familyId == null || familyId.isBlank()) {
            throw new InvalidTokenRecordException("familyId", "is required and must not be blank");
        }
        if (familyId.length() > TokenRecord.MAX_FAMILY_ID_LENGTH) {
            throw new InvalidTokenRecordException("familyId", "is " + familyId.length()
                    + " characters long; at most " + TokenRecord.MAX_FAMILY_ID_LENGTH + " are allowed");
        }
    }

    private record Written(int rowCount, List<LegacyRow> stored) {
    }
}
