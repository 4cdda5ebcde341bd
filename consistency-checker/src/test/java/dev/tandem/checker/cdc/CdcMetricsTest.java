package dev.tandem.checker.cdc;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The capture's meters under the names dashboards and alerts use. */
class CdcMetricsTest {

    @Test
    void countersAreExposedInPrometheusFormatByStoreAndOperation() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CdcMetrics legacy = new CdcMetrics(registry, "legacy");
        new CdcMetrics(registry, "engine").published(0, 1, 0);

        legacy.published(2, 0, 1);
        legacy.published(1, 1, 0);

        assertThat(registry.scrape())
                .contains("tandem_cdc_events_total{op=\"upsert\",store=\"legacy\"} 3.0")
                .contains("tandem_cdc_events_total{op=\"delete\",store=\"legacy\"} 1.0")
                .contains("tandem_cdc_events_total{op=\"delete\",store=\"engine\"} 1.0")
                .contains("tandem_cdc_dead_letters_total{store=\"legacy\"} 1.0")
                .contains("tandem_cdc_dead_letters_total{store=\"engine\"} 0.0");
    }
}
