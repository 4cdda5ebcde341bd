package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.change.SourcePosition;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One store's change capture: a Debezium embedded engine whose batches are mapped to canonical
 * change events and published to Kafka. The engine's source offsets move only after Kafka has
 * acknowledged every record of a batch, so a crash at any point replays changes but never skips
 * one (at-least-once; the check downstream is idempotent).
 *
 * <p>Heartbeats: the capture's {@link HeartbeatWriter} upserts its row in the store's
 * {@value HeartbeatWriter#TABLE} every interval; the engine reads that change like any other, and
 * the capture publishes it as a heartbeat event to <em>every</em> partition of its change topic
 * (key {@value ChangeEvent#HEARTBEAT_KEY}), after the token changes of its batch. Of several
 * heartbeats in one batch only the last is published: it says all the earlier ones say, and a
 * watermark only ever moves forward, so it does not matter that later changes of the batch precede it.
 *
 * <p>The capture supervises its engine: when the engine stops on an error (database or broker
 * unreachable, a failed send), it is started again after a back-off that grows from
 * {@value #FIRST_BACKOFF_MS} ms to {@value #MAX_BACKOFF_MS} ms, from the last stored offsets.
 * A row that cannot be mapped never stops it: that row becomes a dead letter.
 */
public abstract class Capture implements AutoCloseable {
    static final long FIRST_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 30_000;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Properties properties;
    private final ChangeMapper mapper;
    private final RecordMapper records;
    private final ChangePublisher publisher;
    private final String changesTopic;
    private final String deadLetterTopic;
    private final String serverName;
    private final CdcMetrics metrics;
    private final ExecutorService runner;
    private final ScheduledExecutorService supervisor;
    private final HeartbeatWriter heartbeats;

    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private boolean closed;
    private boolean started;
    private long backoffMs = FIRST_BACKOFF_MS;
    private boolean reportedStreaming;

    Capture(Properties properties, ChangeMapper mapper, ChangePublisher publisher, String changesTopic,
            CheckerConfig config, CdcMetrics metrics, Clock clock, HeartbeatWriter heartbeats) {
        this.properties = properties;
        this.mapper = mapper;
        this.records = new RecordMapper(mapper, this::position, clock);
        this.publisher = publisher;
        this.changesTopic = changesTopic;
        this.deadLetterTopic = config.getString(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG);
        this.serverName = properties.getProperty("topic.prefix");
        this.metrics = metrics;
        this.runner = Executors.newSingleThreadExecutor(daemon("tandem-cdc-" + mapper.store()));
        this.supervisor = Executors.newSingleThreadScheduledExecutor(daemon("tandem-cdc-" + mapper.store() + "-supervisor"));
        this.heartbeats = heartbeats;
    }

    /** The store this capture reads: {@code legacy} or {@code engine}. */
    public String store() {
        return mapper.store();
    }

    /**
     * Starts the engine and the heartbeats; the engine connects, and keeps reconnecting, in the
     * background. Creates the heartbeat table first when it is absent (waiting at most the heartbeat
     * writer's timeout for the store to answer).
     */
    public void start() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(store() + " capture is closed");
            }
            if (started) {
                return;
            }
            started = true;
        }
        launch();
        supervisor.scheduleWithFixedDelay(this::reportStreaming, 100, 100, TimeUnit.MILLISECONDS);
        heartbeats.start();
    }

    /**
     * Whether the engine reads the store's change stream right now (Debezium's streaming metric
     * {@code Connected}). Changes committed after this turned true are captured.
     */
    public boolean isStreaming() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName name : server.queryNames(new ObjectName("debezium.*:context=streaming,server=" + serverName + ",*"), null)) {
                if (Boolean.TRUE.equals(server.getAttribute(name, "Connected"))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Stops the engine, letting it store the offsets of what it has published. */
    @Override
    public void close() {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running;
        synchronized (this) {
            closed = true;
            running = engine;
        }
        supervisor.shutdownNow();
        heartbeats.close();
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                log.warn("{} capture did not stop cleanly: {}", store(), e.toString());
            }
        }
        runner.shutdown();
        try {
            if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("{} capture still running 30 s after close", store());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where a change sits in the store's log, from Debezium's {@code source} block. */
    abstract SourcePosition position(Struct source);

    private void launch() {
        // Before each start of the engine: a table that exists then is in the snapshot and in the
        // publication the PostgreSQL connector creates or brings up to date. A failure is logged; the
        // engine starts all the same (it may reach the store when the writer did not).
        heartbeats.ensureTable();
        synchronized (this) {
            if (closed) {
                return;
            }
            reportedStreaming = false;
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(properties)
                    .using(this::stopped)
                    .notifying(this::handleBatch)
                    .build();
            runner.execute(engine);
        }
    }

    private void stopped(boolean success, String message, Throwable error) {
        synchronized (this) {
            if (closed) {
                return;
            }
            log.warn("{} capture stopped ({}); restarting in {} ms", store(), describe(message, error), backoffMs);
            supervisor.schedule(this::launch, backoffMs, TimeUnit.MILLISECONDS);
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    private void reportStreaming() {
        boolean report;
        synchronized (this) {
            report = !reportedStreaming && isStreaming();
            if (report) {
                reportedStreaming = true;
            }
        }
        if (report) {
            log.info("{} capture streaming (server name {}), publishing to {}", store(), serverName, changesTopic);
        }
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        int upserts = 0;
        int deletes = 0;
        int deadLetters = 0;
        ChangeEvent lastHeartbeat = null;
        for (RecordChangeEvent<SourceRecord> event : batch) {
            ChangeMapper.Mapped mapped = records.map(event.record());
            if (mapped == null) {
                continue;
            }
            if (mapped.event() != null && mapped.event().isHeartbeat()) {
                lastHeartbeat = mapped.event();
            } else if (mapped.event() != null) {
                sends.add(publisher.send(changesTopic, mapped.event().tokenId(), ChangeEventCodec.encode(mapped.event())));
                if (mapped.event().op() == ChangeEvent.Op.DELETE) {
                    deletes++;
                } else {
                    upserts++;
                }
            } else {
                sends.add(publisher.send(deadLetterTopic, mapped.deadLetter().tokenId(), mapped.deadLetter().encode()));
                deadLetters++;
                log.warn("{} change refused, sent to {}: {} (at {})", store(), deadLetterTopic,
                        mapped.deadLetter().reason(), mapped.deadLetter().position());
            }
        }
        if (lastHeartbeat != null) {
            publishHeartbeat(lastHeartbeat, sends);
        }
        // At-least-once: offsets move past these records only once Kafka holds all of them.
        publisher.awaitAll(sends);
        metrics.published(upserts, deletes, deadLetters);
        metrics.heartbeats(lastHeartbeat == null ? 0 : 1);
        for (RecordChangeEvent<SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        synchronized (this) {
            backoffMs = FIRST_BACKOFF_MS;
        }
    }

    /** To every partition of the change topic, so that every check task sees the stream move. */
    private void publishHeartbeat(ChangeEvent heartbeat, List<Future<RecordMetadata>> sends) {
        byte[] value = ChangeEventCodec.encode(heartbeat);
        int partitions = publisher.partitions(changesTopic);
        for (int partition = 0; partition < partitions; partition++) {
            sends.add(publisher.send(changesTopic, partition, ChangeEvent.HEARTBEAT_KEY, value));
        }
    }

    /** The stop reason for the log: exception types and messages of the chain, as Debezium words them. */
    private static String describe(String message, Throwable error) {
        StringBuilder text = new StringBuilder(message == null ? "no message" : message);
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            text.append("; ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    /** Settings every capture shares; each store adds its connector's own. */
    static Properties commonProperties(CheckerConfig config, String serverName) {
        Path dir = cdcDirectory(config);
        Properties properties = new Properties();
        properties.setProperty("name", serverName);
        properties.setProperty("topic.prefix", serverName);
        properties.setProperty("offset.storage", DurableFileOffsetStore.class.getName());
        properties.setProperty(DurableFileOffsetStore.FILENAME, dir.resolve(serverName + ".offsets").toString());
        properties.setProperty("offset.flush.interval.ms", Long.toString(config.getLong(CheckerConfig.CDC_OFFSET_FLUSH_INTERVAL_MS_CONFIG)));
        // The first start reads every existing row, then streams. The check must know what legacy held
        // before Tandem: otherwise each row the backfill copies would look, from the engine's stream
        // alone, like a token legacy lacks. Later starts resume from their offsets, without a snapshot.
        properties.setProperty("snapshot.mode", "initial");
        properties.setProperty("poll.interval.ms", Long.toString(config.getLong(CheckerConfig.CDC_POLL_INTERVAL_MS_CONFIG)));
        // A delete is one canonical delete event; Kafka tombstones would only be skipped.
        properties.setProperty("tombstones.on.delete", "false");
        // Debezium's own heartbeats (skipped by RecordMapper) move the offsets while only other tables
        // change; Tandem's heartbeat rows (HeartbeatWriter) are what the check sees.
        properties.setProperty("heartbeat.interval.ms", Long.toString(config.getLong(CheckerConfig.CDC_HEARTBEAT_INTERVAL_MS_CONFIG)));
        return properties;
    }

    /** Where the captures keep offsets and schema history: {@code <state-dir>/cdc}. */
    static Path cdcDirectory(CheckerConfig config) {
        return config.stateDir().resolve("cdc");
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
