package dev.tandem.legacy;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenStoreException;
import dev.tandem.model.client.InvalidClientRecordException;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sorts MariaDB failures into retriable (the same call may succeed later: deadlock, lock wait,
 * lost or refused connection, server shutting down or read-only during a failover) and permanent
 * (access denied, missing table or column, bad data). Unknown server errors are permanent: retrying
 * what we do not understand only hides it.
 */
public final class LegacyErrorClassifier {
    public static final int ER_DEADLOCK = 1213;
    public static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    /** Server error codes worth another try, with the reason a reader of the table needs. */
    static final Map<Integer, String> RETRIABLE_CODES = Map.ofEntries(
            Map.entry(ER_DEADLOCK, "deadlock, the transaction was rolled back"),
            Map.entry(ER_LOCK_WAIT_TIMEOUT, "lock wait timeout"),
            Map.entry(1040, "too many connections"),
            Map.entry(1053, "server shutting down"),
            Map.entry(1290, "server running with --read-only (failover?)"),
            Map.entry(1836, "server in read-only mode (failover?)"),
            Map.entry(1317, "query interrupted"),
            Map.entry(1927, "connection killed"),
            Map.entry(1969, "statement timeout"),
            Map.entry(2002, "cannot connect through the socket"),
            Map.entry(2003, "cannot connect to the server"),
            Map.entry(2006, "server has gone away"),
            Map.entry(2013, "lost connection during query"));

    private LegacyErrorClassifier() {
    }

    /**
     * The failure as the store reports it: input errors and already-classified failures unchanged,
     * everything else a {@link TokenStoreException} naming the operation and the server's error.
     */
    public static RuntimeException classify(String operation, Throwable failure) {
        if (failure instanceof InvalidTokenRecordException invalid) {
            return invalid;
        }
        if (failure instanceof InvalidClientRecordException invalid) {
            return invalid;
        }
        if (failure instanceof TokenStoreException classified) {
            return classified;
        }
        return new TokenStoreException("legacy", isRetriable(failure), operation + " failed: " + describe(failure), failure);
    }

    /** Whether {@code failure}, or a cause of it, is one the same call may get past if tried again. */
    public static boolean isRetriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Integer code = errorCode(t);
            if (code != null) {
                return RETRIABLE_CODES.containsKey(code);
            }
            if (t instanceof SQLTransientException || t instanceof ClosedConnectionException
                    || t instanceof IOException || t instanceof TimeoutException
                    || t.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure is a deadlock: InnoDB rolled the transaction back and a retry usually succeeds. */
    public static boolean isDeadlock(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Integer code = errorCode(t);
            if (code != null) {
                return code == ER_DEADLOCK;
            }
        }
        return false;
    }

    private static Integer errorCode(Throwable t) {
        if (t instanceof DatabaseException database) {
            return database.getErrorCode();
        }
        if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
            return sql.getErrorCode();
        }
        return null;
    }

    private static String describe(Throwable failure) {
        Integer code = errorCode(failure);
        String reason = code == null ? null : RETRIABLE_CODES.get(code);
        String text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (code != null) {
            return "MariaDB error " + code + (reason == null ? "" : " (" + reason + ")") + ": " + text;
        }
        return failure.getClass().getSimpleName() + ": " + text;
    }
}
