package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckerThroughputTest {
    private static final CheckerThroughput.Latency LATENCY =
            new CheckerThroughput.Latency(1000, 20, 40_000, 40_000, List.of(90L, 12L, 8L), 4, 9, 31, 10);
    private static final CheckerThroughput.Throughput THROUGHPUT =
            new CheckerThroughput.Throughput(200_004, 100_000, 4.0, 0, 0);

    @Test
    void textIsTheLinesItAlwaysPrinted() {
        assertThat(CheckerThroughput.header("127.0.0.1:39092", 2)).isEqualTo("checker benchmark against 127.0.0.1:39092 (2 cores)");
        assertThat(LATENCY.text()).isEqualTo("latency: p99 per second of events checked, ms: 90 12 8" + System.lineSeparator()
                + "latency: 1000 writes/s (2000 events/s) for 20 s; events checked 40000 of 40000;"
                + " commit-to-verdict p50 4 ms, p99 9 ms, max 31 ms (after a 10 s warm-up)");
        assertThat(THROUGHPUT.text()).isEqualTo("throughput: 200004 events (100000 pairs) checked in 4.00 s:"
                + " 50001 events/s, 25001 writes/s; settled 0, pending 0");
    }

    @Test
    void jsonCarriesTheSameFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(CheckerThroughput.json("127.0.0.1:39092", 2, LATENCY, THROUGHPUT));
        assertThat(json.get("bootstrap").asText()).isEqualTo("127.0.0.1:39092");
        assertThat(json.get("cores").asInt()).isEqualTo(2);
        JsonNode latency = json.get("latency");
        assertThat(latency.get("writesPerSecond").asInt()).isEqualTo(1000);
        assertThat(latency.get("eventsPerSecond").asInt()).isEqualTo(2000);
        assertThat(latency.get("seconds").asInt()).isEqualTo(20);
        assertThat(latency.get("eventsChecked").asInt()).isEqualTo(40_000);
        assertThat(latency.get("eventsExpected").asInt()).isEqualTo(40_000);
        assertThat(latency.get("p50Ms").asLong()).isEqualTo(4);
        assertThat(latency.get("p99Ms").asLong()).isEqualTo(9);
        assertThat(latency.get("maxMs").asLong()).isEqualTo(31);
        assertThat(latency.get("warmUpSeconds").asInt()).isEqualTo(10);
        assertThat(latency.get("p99MsPerSecond").toString()).isEqualTo("[90,12,8]");
        JsonNode throughput = json.get("throughput");
        assertThat(throughput.get("events").asLong()).isEqualTo(200_004);
        assertThat(throughput.get("pairs").asInt()).isEqualTo(100_000);
        assertThat(throughput.get("seconds").asDouble()).isEqualTo(4.0);
        assertThat(throughput.get("eventsPerSecond").asDouble()).isEqualTo(50_001.0);
        assertThat(throughput.get("writesPerSecond").asDouble()).isEqualTo(25_000.5);
        assertThat(throughput.get("settled").asLong()).isZero();
        assertThat(throughput.get("pending").asLong()).isZero();
    }
}
