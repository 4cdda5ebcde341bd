package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthClientEntity;
import dev.tandem.model.TokenStoreException;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.model.client.ClientUpsertResult;
import dev.tandem.model.client.InvalidClientRecordException;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The new engine's {@link ClientStore}: {@code oauth_client} on PostgreSQL through Hibernate
 * Reactive, on the same session factory as {@link EngineTokenStore}. A write is one statement that
 * merges as {@link ClientRecord#merge} does, so concurrent writers of a client need no lock of
 * their own: the row lock on the conflicting key orders them. The store does not close the factory.
 */
public class EngineClientStore implements ClientStore {

    /**
     * Insert, or replace every field when the incoming version is higher. Clients merge by version
     * alone, so unlike the token merge there is nothing to combine field by field; the WHERE clause
     * makes an older or equal version update nothing, so "a row came back" means "applied", and a
     * replay writes no WAL record (nor a change event).
     */
    static final String UPSERT = """
            INSERT INTO oauth_client AS c (id, name, secret_hash, previous_secret_hash, redirect_uris, grant_types,
                scopes, token_endpoint_auth_method, created_at, updated_at, deleted, version)
            VALUES (:id, :name, :secretHash, :previousSecretHash, :redirectUris, :grantTypes,
                :scopes, :authMethod, :createdAt, :updatedAt, :deleted, :version)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name,
                secret_hash = EXCLUDED.secret_hash,
                previous_secret_hash = EXCLUDED.previous_secret_hash,
                redirect_uris = EXCLUDED.redirect_uris,
                grant_types = EXCLUDED.grant_types,
                scopes = EXCLUDED.scopes,
                token_endpoint_auth_method = EXCLUDED.token_endpoint_auth_method,
                created_at = EXCLUDED.created_at,
                updated_at = EXCLUDED.updated_at,
                deleted = EXCLUDED.deleted,
                version = EXCLUDED.version
            WHERE EXCLUDED.version > c.version
            RETURNING *""";

    private final Mutiny.SessionFactory sessions;
    private final EngineErrorClassifier errors = new EngineErrorClassifier(EngineTokenStore.NAME);

    public EngineClientStore(Mutiny.SessionFactory sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    public String name() {
        return EngineTokenStore.NAME;
    }

    @Override
    public Uni<ClientUpsertResult> upsert(ClientRecord record) {
        return run("client upsert", () -> {
            if (record == null) {
                throw new InvalidClientRecordException("record", "is required");
            }
            return sessions.withStatelessSession(session -> session
                    .createNativeQuery(UPSERT, OAuthClientEntity.class)
                    .setParameter("id", record.id())
                    .setParameter("name", record.name())
                    .setParameter("secretHash", record.secretHash())
                    .setParameter("previousSecretHash", record.previousSecretHash())
                    .setParameter("redirectUris", ClientRecordMapping.array(record.redirectUris()))
                    .setParameter("grantTypes", ClientRecordMapping.array(record.grantTypes()))
                    .setParameter("scopes", ClientRecordMapping.array(record.scopes()))
                    .setParameter("authMethod", record.authMethod().wireName())
                    .setParameter("createdAt", record.createdAt())
                    .setParameter("updatedAt", record.updatedAt())
                    .setParameter("deleted", record.deleted())
                    .setParameter("version", record.version())
                    .getSingleResultOrNull()
                    .chain(row -> row != null
                            ? Uni.createFrom().item(new ClientUpsertResult(true, ClientRecordMapping.toRecord(row)))
                            // Not applied: the stored version is the same or higher. The statement
                            // saw the row, so it is there, committed, for this read too.
                            : session.get(OAuthClientEntity.class, record.id()).map(stored -> {
                                if (stored == null) {
                                    throw new TokenStoreException(EngineTokenStore.NAME, true,
                                            "client upsert of " + record.id() + " found no row after writing it", null);
                                }
                                return new ClientUpsertResult(false, ClientRecordMapping.toRecord(stored));
                            })));
        });
    }

    @Override
    public Uni<Optional<ClientRecord>> lookup(String id) {
        return run("client lookup", () -> {
            String key = requireId("id", id);
            return sessions.withStatelessSession(session -> session.get(OAuthClientEntity.class, key))
                    .map(row -> Optional.ofNullable(row).map(ClientRecordMapping::toRecord));
        });
    }

    @Override
    public Uni<List<ClientRecord>> scan(String afterId, int limit) {
        return run("client scan", () -> {
            if (afterId != null) {
                requireId("afterId", afterId);
            }
            if (limit < 1) {
                throw new InvalidClientRecordException("limit", limit + " is not a page size: expected at least 1");
            }
            // The id column's COLLATE "C" makes this byte order, the legacy store's utf8mb4_bin order.
            return KeysetPage.read(sessions, OAuthClientEntity.class, afterId, limit)
                    .map(rows -> rows.stream().map(ClientRecordMapping::toRecord).toList());
        });
    }

    private static String requireId(String field, String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidClientRecordException(field, "is required");
        }
        return id;
    }

    /** Lazily, so that invalid input fails the returned Uni, and every database failure classified. */
    private <T> Uni<T> run(String operation, Supplier<Uni<? extends T>> action) {
        return Uni.createFrom().deferred(action)
                .onFailure().transform(failure -> errors.classify(operation, failure));
    }
}
