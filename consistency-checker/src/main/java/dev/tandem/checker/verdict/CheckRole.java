package dev.tandem.checker.verdict;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.verdict.CheckerStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The checker's {@code check} role: the Kafka Streams application of {@link CheckTopology}, the
 * offsets poller that tells it how far behind it is, its status record and its meters.
 * Scales out by partition: instances with the same application id share the work.
 */
public final class CheckRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRole.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long OFFSETS_POLL_INTERVAL_MS = 500;
    private static final long STATE_CACHE_MAX_BYTES = 64L * 1024 * 1024;

    private final CheckerConfig config;
    private final CheckTopics topics;
    private final CheckStats stats;
    private final Clock clock = Clock.systemUTC();
    private final String bootstrap;
    private final String applicationId;
    private Admin admin;
    private KafkaStreams streams;
    private OffsetsPoller poller;
    private StatusPublisher status;

    public CheckRole(CheckerConfig config, MeterRegistry registry) {
        this.config = config;
        this.topics = new CheckTopics(
                config.getString(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG),
                config.getString(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG),
                config.getString(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG),
                config.getString(CheckerConfig.DIVERGENCE_TOPIC_CONFIG),
                config.getString(CheckerConfig.STATUS_TOPIC_CONFIG));
        this.stats = new CheckStats(topics, config.getLong(CheckerConfig.CDC_HEARTBEAT_INTERVAL_MS_CONFIG), clock::millis);
        this.bootstrap = config.getString(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.applicationId = config.getString(CheckerConfig.CHECK_APPLICATION_ID_CONFIG);
        CheckMetrics.bind(registry, stats, clock);
    }

    /** Creates the topics when absent, then starts the streams application, the poller and the status. */
    public synchronized void start() {
        createTopics();
        VerdictTracker tracker = new VerdictTracker(config.getLong(CheckerConfig.GRACE_MS_CONFIG),
                config.getLong(CheckerConfig.CHECK_PURGE_AFTER_MS_CONFIG));
        streams = new KafkaStreams(CheckTopology.build(topics, tracker, stats,
                Duration.ofMillis(config.getLong(CheckerConfig.CHECK_PUNCTUATE_INTERVAL_MS_CONFIG))), streamsProperties());
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("the check's stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        poller = new OffsetsPoller(admin, applicationId, stats.progress());
        poller.start(OFFSETS_POLL_INTERVAL_MS);
        status = new StatusPublisher(statusProducer(), topics.status(), instanceId(), stats, this::state, clock);
        status.start(config.getLong(CheckerConfig.CHECK_STATUS_INTERVAL_MS_CONFIG));
        LOG.info("check started: application {}, topics {} and {}, grace {} ms", applicationId, topics.legacyChanges(),
                topics.engineChanges(), config.getLong(CheckerConfig.GRACE_MS_CONFIG));
    }

    /** Creates the check's topics where they are absent; fails when the change topics' partition counts differ. */
    public synchronized void createTopics() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        }
        CheckTopicSetup.ensure(admin, topics, config.getInt(CheckerConfig.TOPIC_PARTITIONS_CONFIG),
                config.getShort(CheckerConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
    }

    public CheckStats stats() {
        return stats;
    }

    public CheckTopics topics() {
        return topics;
    }

    /** The Kafka Streams state, or {@code CREATED} before {@link #start()}. */
    public String state() {
        KafkaStreams current = streams;
        return current == null ? "CREATED" : current.state().name();
    }

    /** Running or rebalancing: what {@code /health} reports as up. */
    public boolean isHealthy() {
        KafkaStreams current = streams;
        return current != null && (current.state() == KafkaStreams.State.RUNNING || current.state() == KafkaStreams.State.REBALANCING);
    }

    /** This instance's status as of now. */
    public CheckerStatus status() {
        return status.snapshot(state());
    }

    private Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-" + instanceId());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(CheckerConfig.CHECK_COMMIT_INTERVAL_MS_CONFIG));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(CheckerConfig.CHECK_PROCESSING_GUARANTEE_CONFIG));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().resolve("check").toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(CheckerConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Static membership: a restarted instance (a deploy, a crash) takes its partitions back at once
        // instead of waiting out the session timeout of its dead predecessor and a rebalance.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId + "-" + instanceId());
        // Never hold a task back waiting for data on its other input: the fold per id does not depend on
        // the order of the two streams, and waiting (the default) stalls for a fetch round per idle side.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // The record cache absorbs repeated writes of one id between commits (a pending id written on its
        // event, by its timer and when it settles), so that only its last state reaches RocksDB and the
        // changelog. Streams' 10 MiB held about 20,000 key states; a snapshot of 100,000 ids then evicted
        // on nearly every put. Bounded, so memory stays flat in the number of tokens.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STATE_CACHE_MAX_BYTES);
        // Streams' own default of 100 ms would add that much to every verdict's way out.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        return props;
    }

    private KafkaProducer<String, byte[]> statusProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, applicationId + "-" + instanceId() + "-status",
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private String instanceId() {
        return config.getString(CheckerConfig.INSTANCE_ID_CONFIG);
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.close();
        }
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
        }
        if (status != null) {
            status.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
