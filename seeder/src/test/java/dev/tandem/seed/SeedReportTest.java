package dev.tandem.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.seed.LegacySeeder.SeedReport;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SeedReportTest {
    private static final SeedReport REPORT = new SeedReport(2000, 4.0, Instant.parse("2026-12-06T07:00:00Z"));

    @Test
    void textIsTheOneLineScriptsAlreadyRead() {
        assertThat(REPORT).hasToString("seeded 2000 rows in 4.0 s (500 rows/s)");
    }

    @Test
    void jsonCarriesTheSameFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(REPORT.toJson());
        assertThat(json.get("rows").asInt()).isEqualTo(2000);
        assertThat(json.get("seconds").asDouble()).isEqualTo(4.0);
        assertThat(json.get("rowsPerSecond").asDouble()).isEqualTo(500.0);
        assertThat(json.get("now").asText()).isEqualTo("2026-12-06T07:00:00Z");
        assertThat(json.size()).isEqualTo(4);
    }
}
