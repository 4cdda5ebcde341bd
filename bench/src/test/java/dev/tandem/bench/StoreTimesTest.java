package dev.tandem.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoreTimesTest {

    private static Map<String, Double> counters(double legacySum, double legacyCount, double engineSum, double engineCount) {
        return Map.of("legacy_sum", legacySum, "legacy_count", legacyCount, "engine_sum", engineSum, "engine_count", engineCount);
    }

    @Test
    void meanUpsertTimePerStoreOverTheRunOnly() {
        StoreTimes times = StoreTimes.between(counters(1.0, 100, 2.0, 100), counters(4.0, 1100, 4.5, 1100));
        assertThat(times.legacyMillis()).isEqualTo(3.0);
        assertThat(times.engineMillis()).isEqualTo(2.5);
        assertThat(times.overlapSavingMillis()).as("the smaller of the two").isEqualTo(2.5);
        assertThat(StoreTimes.between(counters(1, 5, 1, 5), counters(1, 5, 1, 5)).legacyMillis()).as("no call").isZero();
    }

    @Test
    void readsOnlySuccessfulUpsertsOfTheNamedStore() {
        Map<String, Double> page = PrometheusPage.parse("""
                # TYPE tandem_store_operation_seconds summary
                tandem_store_operation_seconds_sum{operation="upsert",outcome="success",store="legacy"} 1.5
                tandem_store_operation_seconds_sum{operation="upsert",outcome="failure",store="legacy"} 9.0
                tandem_store_operation_seconds_sum{operation="find",outcome="success",store="legacy"} 7.0
                tandem_store_operation_seconds_sum{operation="upsert",outcome="success",store="engine"} 0.5
                """);
        assertThat(PrometheusPage.sum(page, "tandem_store_operation_seconds_sum", "operation=\"upsert\"",
                "outcome=\"success\"", "store=\"legacy\"")).isEqualTo(1.5);
    }

    @Test
    void theManagementPortIsTheApiPortPlusAThousand() {
        assertThat(StoreTimes.metrics(URI.create("http://127.0.0.1:8080"))).hasToString("http://127.0.0.1:9080/q/metrics");
    }
}
