package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.List;

/**
 * The checker's {@code cdc} role: one capture per store, sharing one idempotent producer. It creates
 * its topics when absent, then starts both captures; each keeps reconnecting on its own, so one store
 * being down does not stop the other's stream.
 *
 * <p>Meters: {@code tandem_cdc_events_total{store,op}}, {@code tandem_cdc_dead_letters_total{store}},
 * and {@code tandem_cdc_streaming{store}} (1 while the capture reads its store's change stream).
 */
public final class CdcRole implements AutoCloseable {
    private final CheckerConfig config;
    private final ChangePublisher publisher;
    private final LegacyCapture legacy;
    private final EngineCapture engine;

    public CdcRole(CheckerConfig config, MeterRegistry registry) {
        this.config = config;
        this.publisher = new ChangePublisher(config.getString(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG),
                "tandem-cdc-" + config.getString(CheckerConfig.INSTANCE_ID_CONFIG));
        Clock clock = Clock.systemUTC();
        this.legacy = new LegacyCapture(config, publisher, new CdcMetrics(registry, LegacyChangeMapper.STORE), clock);
        this.engine = new EngineCapture(config, publisher, new CdcMetrics(registry, EngineChangeMapper.STORE), clock);
        for (Capture capture : captures()) {
            Gauge.builder("tandem.cdc.streaming", capture, c -> c.isStreaming() ? 1 : 0)
                    .description("1 while the capture reads its store's change stream")
                    .tag("store", capture.store()).register(registry);
        }
    }

    /** Creates the topics, then starts both captures. */
    public void start() {
        CdcTopics.ensure(config);
        legacy.start();
        engine.start();
    }

    public List<Capture> captures() {
        return List.of(legacy, engine);
    }

    /** Whether both captures read their change streams. */
    public boolean isStreaming() {
        return legacy.isStreaming() && engine.isStreaming();
    }

    @Override
    public void close() {
        // Captures first: each flushes what it has read before the producer goes away.
        legacy.close();
        engine.close();
        publisher.close();
    }
}
