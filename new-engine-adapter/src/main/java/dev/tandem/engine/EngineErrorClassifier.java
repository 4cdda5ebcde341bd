package dev.tandem.engine;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenStoreException;
import dev.tandem.model.client.InvalidClientRecordException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Sorts the engine's failures into retriable and permanent (the shape of Debezium's
 * {@code PostgresErrorHandler}): the one place that knows PostgreSQL's SQLSTATEs and the Vert.x
 * client's connection errors. A retriable failure may succeed when the same call is made again;
 * a permanent one (bad credentials, missing schema, a broken constraint) will not, and retrying it
 * only hides it.
 */
public final class EngineErrorClassifier {

    /** SQLSTATE classes (first two characters) whose every code is worth a retry. */
    private static final Map<String, String> RETRIABLE_CLASSES = Map.of(
            "08", "connection exception",
            "40", "transaction rollback (serialization failure or deadlock)",
            "53", "insufficient resources (too many connections, out of memory or disk)");

    /** Single codes worth a retry outside those classes. */
    private static final Map<String, String> RETRIABLE_CODES = Map.of(
            "57P01", "server shut down by an administrator",
            "57P02", "server crashed",
            "57P03", "server is starting up or shutting down",
            "57014", "statement cancelled (statement timeout)",
            "55P03", "lock not available");

    /**
     * Exceptions without a SQLSTATE that mean the connection, not the request, failed: refused or
     * reset sockets, a connection closed under a statement, no pooled connection in time (Vert.x
     * reports that as a {@link TimeoutException}).
     */
    private static final Set<Class<? extends Throwable>> CONNECTION_FAILURES = Set.of(
            ClosedConnectionException.class, IOException.class, TimeoutException.class);

    private final String store;

    public EngineErrorClassifier(String store) {
        this.store = store;
    }

    /**
     * The store exception for a failure of {@code operation}. Invalid input and exceptions that
     * were already classified pass through unchanged.
     */
    public RuntimeException classify(String operation, Throwable failure) {
        if (failure instanceof TokenStoreException || failure instanceof InvalidTokenRecordException
                || failure instanceof InvalidClientRecordException) {
            return (RuntimeException) failure;
        }
        String sqlState = sqlState(failure);
        if (sqlState != null) {
            String retriableReason = retriableReason(sqlState);
            boolean retriable = retriableReason != null;
            return new TokenStoreException(store, retriable, operation + " failed"
                    + " (SQLSTATE " + sqlState + ", " + (retriable ? "retriable: " + retriableReason : "permanent") + "): "
                    + databaseMessage(failure), failure);
        }
        Throwable connectionFailure = connectionFailure(failure);
        if (connectionFailure != null) {
            return new TokenStoreException(store, true, operation + " failed (retriable: no connection to the database): "
                    + connectionFailure.getClass().getSimpleName() + ": " + connectionFailure.getMessage(), failure);
        }
        return new TokenStoreException(store, false, operation + " failed (permanent): "
                + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
    }

    /** Why a SQLSTATE is worth a retry, or null when it is not. */
    static String retriableReason(String sqlState) {
        String reason = RETRIABLE_CODES.get(sqlState);
        if (reason == null && sqlState.length() == 5) {
            reason = RETRIABLE_CLASSES.get(sqlState.substring(0, 2));
        }
        return reason;
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatabaseException database && database.getSqlState() != null) {
                return database.getSqlState();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The server's own words: the innermost message, without the statement text Hibernate wraps around it. */
    private static String databaseMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof DatabaseException || t instanceof SQLException) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static Throwable connectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            for (Class<? extends Throwable> type : CONNECTION_FAILURES) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }
}
