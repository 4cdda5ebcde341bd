package dev.tandem.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillMainSummaryTest {
    private static final Instant LAST_EXPIRY = Instant.parse("2026-12-06T08:00:00Z");

    private static BackfillMain.Summary summary(String error) {
        BackfillStatus status = new BackfillStatus(error == null ? BackfillState.DONE : BackfillState.FAILED, 1000, 700,
                200, 60, 40, 1000, 500.0, 0, null, null, "k", 3, LAST_EXPIRY, "me", null, null, null, null, null, error);
        return new BackfillMain.Summary(status, 1000, 2.0);
    }

    @Test
    void textIsTheOneLineItAlwaysPrinted() {
        assertThat(summary(null).text()).isEqualTo("backfill DONE: 1000 rows scanned in 2.0 s (500 rows/s); copied 700,"
                + " skipped 200 expired, 60 expiring, 40 already in the engine; 3 live tokens only in legacy, the last"
                + " expiring at 2026-12-06T08:00:00Z");
    }

    @Test
    void jsonCarriesTheSameFiguresUnderTheStatusNames() throws Exception {
        JsonNode json = new ObjectMapper().readTree(summary(null).json());
        assertThat(json.get("state").asText()).isEqualTo("DONE");
        assertThat(json.get("rowsScanned").asLong()).isEqualTo(1000);
        assertThat(json.get("seconds").asDouble()).isEqualTo(2.0);
        assertThat(json.get("rowsPerSecond").asDouble()).isEqualTo(500.0);
        assertThat(json.get("rowsCopied").asLong()).isEqualTo(700);
        assertThat(json.get("rowsSkippedExpired").asLong()).isEqualTo(200);
        assertThat(json.get("rowsSkippedExpiring").asLong()).isEqualTo(60);
        assertThat(json.get("rowsSkippedNewerInEngine").asLong()).isEqualTo(40);
        assertThat(json.get("liveOnlyInLegacy").asLong()).isEqualTo(3);
        assertThat(json.get("lastLegacyOnlyExpiry").asText()).isEqualTo("2026-12-06T08:00:00Z");
        assertThat(json.get("error").isNull()).isTrue();
    }

    @Test
    void jsonNamesTheErrorOfAFailedRun() throws Exception {
        JsonNode json = new ObjectMapper().readTree(summary("connection refused").json());
        assertThat(json.get("state").asText()).isEqualTo("FAILED");
        assertThat(json.get("error").asText()).isEqualTo("connection refused");
    }
}
