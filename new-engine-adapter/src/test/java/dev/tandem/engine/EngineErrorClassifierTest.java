package dev.tandem.engine;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenStoreException;
import dev.tandem.model.client.InvalidClientRecordException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class EngineErrorClassifierTest {
    private final EngineErrorClassifier classifier = new EngineErrorClassifier("engine");

    private TokenStoreException classify(Throwable failure) {
        RuntimeException classified = classifier.classify("upsert", failure);
        assertThat(classified).isInstanceOf(TokenStoreException.class);
        return (TokenStoreException) classified;
    }

    @ParameterizedTest(name = "SQLSTATE {0} ({1}) retriable={2}")
    @CsvSource({
            "40001, serialization_failure,        true",
            "40P01, deadlock_detected,            true",
            "57P01, admin_shutdown,               true",
            "57P02, crash_shutdown,               true",
            "57P03, cannot_connect_now,           true",
            "53300, too_many_connections,         true",
            "53200, out_of_memory,                true",
            "08006, connection_failure,           true",
            "08001, unable_to_connect,            true",
            "55P03, lock_not_available,           true",
            "57014, query_canceled,               true",
            "28P01, invalid_password,             false",
            "28000, invalid_authorization,        false",
            "3D000, invalid_catalog_name,         false",
            "42P01, undefined_table,              false",
            "42703, undefined_column,             false",
            "42501, insufficient_privilege,       false",
            "23505, unique_violation,             false",
            "23514, check_violation,              false",
            "22001, string_data_right_truncation, false",
            "XX000, internal_error,               false",
    })
    void sqlStatesAreClassifiedByTheTable(String sqlState, String name, boolean retriable) {
        PgException pg = new PgException("server says " + name, "ERROR", sqlState, null);

        TokenStoreException direct = classify(pg);
        TokenStoreException wrapped = classify(new HibernateException("HR000057: Failed to execute statement", pg));

        assertThat(direct.retriable()).isEqualTo(retriable);
        assertThat(wrapped.retriable()).as("wrapped by Hibernate").isEqualTo(retriable);
        assertThat(wrapped.getMessage())
                .startsWith("engine store: upsert failed (SQLSTATE " + sqlState)
                .contains(retriable ? "retriable" : "permanent")
                .contains("server says " + name)
                .doesNotContain("HR000057");
        assertThat(wrapped.store()).isEqualTo("engine");
        assertThat(wrapped.getCause().getCause()).as("the driver's exception stays the cause").isSameAs(pg);
    }

    @Test
    void aJdbcSqlStateCountsLikeTheDriversOwn() {
        assertThat(classify(new RuntimeException(new SQLException("deadlock", "40P01"))).retriable()).isTrue();
        assertThat(classify(new RuntimeException(new SQLException("bad login", "28P01"))).retriable()).isFalse();
    }

    @Test
    void lostAndRefusedConnectionsAreRetriable() {
        assertThat(classify(new ConnectException("Connection refused")).retriable()).isTrue();
        assertThat(classify(new HibernateException("wrapped", ClosedConnectionException.INSTANCE)).retriable()).isTrue();
        assertThat(classify(new HibernateException("wrapped", new java.util.concurrent.TimeoutException("pool"))).retriable()).isTrue();
    }

    @Test
    void anythingElseIsPermanentAndSaysWhat() {
        TokenStoreException classified = classify(new IllegalStateException("session factory is closed"));

        assertThat(classified.retriable()).isFalse();
        assertThat(classified.getMessage()).isEqualTo(
                "engine store: upsert failed (permanent): IllegalStateException: session factory is closed");
    }

    @Test
    void invalidInputAndClassifiedFailuresPassThrough() {
        InvalidTokenRecordException invalid = new InvalidTokenRecordException("id", "bad");
        TokenStoreException classified = new TokenStoreException("engine", true, "x", null);

        InvalidClientRecordException invalidClient = new InvalidClientRecordException("redirectUris", "bad");

        assertThat(classifier.classify("find", invalid)).isSameAs(invalid);
        assertThat(classifier.classify("client upsert", invalidClient)).isSameAs(invalidClient);
        assertThat(classifier.classify("find", classified)).isSameAs(classified);
    }
}
