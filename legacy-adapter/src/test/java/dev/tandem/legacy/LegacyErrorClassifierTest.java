package dev.tandem.legacy;

import dev.tandem.legacy.mapping.LegacyRowException;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenStoreException;
import io.vertx.core.VertxException;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyErrorClassifierTest {

    @ParameterizedTest(name = "MariaDB error {0}: retriable {1}")
    @CsvSource({
            "1213, true",   // deadlock
            "1205, true",   // lock wait timeout
            "1040, true",   // too many connections
            "1927, true",   // connection killed
            "1290, true",   // read-only during a failover
            "1045, false",  // access denied
            "1146, false",  // no such table
            "1054, false",  // unknown column (migration not applied)
            "1062, false",  // duplicate key
            "1406, false"}) // data too long
    void serverErrorsAreClassifiedByCode(int code, boolean retriable) {
        MySQLException vertx = new MySQLException("server says no", code, "HY000");
        SQLException jdbc = new SQLException("server says no", "HY000", code);

        TokenStoreException classified = (TokenStoreException) LegacyErrorClassifier.classify("upsert", vertx);

        assertThat(classified.retriable()).isEqualTo(retriable);
        assertThat(classified.store()).isEqualTo("legacy");
        assertThat(classified.getMessage()).startsWith("legacy store: upsert failed: MariaDB error " + code);
        assertThat(LegacyErrorClassifier.isRetriable(jdbc)).isEqualTo(retriable);
        assertThat(LegacyErrorClassifier.isRetriable(new VertxException("wrapped", vertx))).isEqualTo(retriable);
    }

    @Test
    void lostAndRefusedConnectionsAreRetriable() {
        assertThat(LegacyErrorClassifier.isRetriable(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(LegacyErrorClassifier.isRetriable(new VertxException("io", new ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void onlyDeadlocksAreRetriedInsideTheStore() {
        assertThat(LegacyErrorClassifier.isDeadlock(new MySQLException("deadlock", 1213, "40001"))).isTrue();
        assertThat(LegacyErrorClassifier.isDeadlock(new MySQLException("lock wait", 1205, "HY000"))).isFalse();
        assertThat(LegacyErrorClassifier.isDeadlock(ClosedConnectionException.INSTANCE)).isFalse();
    }

    @Test
    void badInputAndMappingErrorsPassThroughUnchanged() {
        InvalidTokenRecordException invalid = new InvalidTokenRecordException("id", "bad");
        LegacyRowException unmappable = new LegacyRowException(LegacyTable.ACCESS, "x", "bad json");

        assertThat(LegacyErrorClassifier.classify("find", invalid)).isSameAs(invalid);
        assertThat(LegacyErrorClassifier.classify("find", unmappable)).isSameAs(unmappable);
    }

    @Test
    void unknownFailuresArePermanent() {
        assertThat(LegacyErrorClassifier.isRetriable(new IllegalStateException("what?"))).isFalse();
    }
}
