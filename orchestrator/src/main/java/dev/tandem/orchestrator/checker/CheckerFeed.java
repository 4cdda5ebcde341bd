package dev.tandem.orchestrator.checker;

import dev.tandem.contract.verdict.CheckerStatus;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consistency checker as this orchestrator instance sees it: one background consumer reads the
 * status topic and the divergence topic from the beginning (all partitions assigned, no group, so
 * every instance sees everything), keeping the latest status per checker instance and the settled
 * divergences by token id. Reads are {@code read_committed}: the check writes its verdicts under
 * exactly-once, and an aborted transaction's verdicts must never show.
 *
 * <p>The divergence list is bounded ({@link CheckerFeedConfig#maxListedDivergences()}); the counts
 * come from the statuses, which cover every id.
 */
@ApplicationScoped
@Startup
public class CheckerFeed {
    private static final Logger LOG = Logger.getLogger(CheckerFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** New partitions (a topic created after this instance started) are picked up this often. */
    private static final Duration METADATA_REFRESH = Duration.ofSeconds(5);

    @Inject
    CheckerFeedConfig config;

    private final Map<String, CheckerStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Divergence> divergences = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private volatile int expectedPartitions;
    /** Since when settled critical+major divergence has been zero while the checker reports; null when not. */
    private Instant zeroSince;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    @PostConstruct
    void start() {
        if (!config.enabled()) {
            return;
        }
        running = true;
        consumer = CheckerConsumers.consumer(config.bootstrapServers(), "tandem-checker-feed", new Properties());
        thread = CheckerConsumers.daemon("tandem-checker-feed", this::follow);
    }

    @PreDestroy
    void stop() {
        running = false;
        CheckerConsumers.stop(consumer, thread);
    }

    /** The checker's state now. */
    public CheckerSnapshot snapshot() {
        return CheckerSnapshot.of(List.copyOf(statuses.values()), clock.instant(), config.statusStaleAfter(), expectedPartitions);
    }

    /**
     * Since when settled critical and major divergence has been continuously zero with the checker
     * reporting, or null when it is not zero now (or nothing reports). Updated on every call and
     * after every poll, so a short spell of divergence between two guard evaluations still resets it.
     */
    public synchronized Instant zeroSince() {
        CheckerSnapshot now = snapshot();
        if (now.reporting() && now.settledBlocking() == 0) {
            if (zeroSince == null) {
                zeroSince = now.at();
            }
        } else {
            zeroSince = null;
        }
        return zeroSince;
    }

    /**
     * The settled divergences held, most severe first, then oldest first.
     *
     * @param severity only this severity, or null for all
     * @param limit    at most this many
     */
    public List<Divergence> divergences(Severity severity, int limit) {
        return divergences.values().stream()
                .filter(d -> severity == null || d.severity() == severity)
                .sorted(Comparator.comparing(Divergence::severity).thenComparing(Divergence::detectedAt)
                        .thenComparing(Divergence::tokenId))
                .limit(limit)
                .toList();
    }

    /** The settled divergence of one id, if this instance holds it. */
    public Divergence divergence(String tokenId) {
        return divergences.get(tokenId);
    }

    private void follow() {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = 0;
        try {
            while (running) {
                try {
                    if (System.nanoTime() - nextRefresh >= 0) {
                        nextRefresh = System.nanoTime() + METADATA_REFRESH.toNanos();
                        assigned = reassign(assigned);
                    }
                    if (assigned.isEmpty()) {
                        consumer.poll(Duration.ZERO);
                        CheckerConsumers.sleepQuietly(POLL);
                    } else {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                            apply(record);
                        }
                    }
                    zeroSince();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("reading the checker's topics failed, retrying: %s", e.getMessage());
                    zeroSince();
                    CheckerConsumers.sleepQuietly(Duration.ofSeconds(1));
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private Set<TopicPartition> reassign(Set<TopicPartition> assigned) {
        Set<TopicPartition> wanted = new HashSet<>();
        wanted.addAll(partitions(config.topic().status()));
        wanted.addAll(partitions(config.topic().divergence()));
        List<TopicPartition> changes = partitions(config.topic().legacyChanges());
        if (!changes.isEmpty()) {
            expectedPartitions = changes.size();
        }
        if (wanted.equals(assigned)) {
            return assigned;
        }
        consumer.assign(wanted);
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(assigned);
        consumer.seekToBeginning(added);
        LOG.debugf("reading checker partitions %s", wanted);
        return wanted;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        try {
            if (record.topic().equals(config.topic().status())) {
                if (record.value() == null) {
                    statuses.remove(key);
                } else {
                    statuses.put(key, CheckerStatus.fromJson(record.value()));
                }
            } else if (record.value() == null) {
                divergences.remove(key);
            } else if (divergences.size() < config.maxListedDivergences() || divergences.containsKey(key)) {
                divergences.put(key, Divergence.fromJson(record.value()));
            }
        } catch (RuntimeException e) {
            // A record this version cannot read must not stop the feed; its key is a token id or an instance name.
            LOG.warnf("skipped an unreadable record of %s (partition %d, offset %d): %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }
}
