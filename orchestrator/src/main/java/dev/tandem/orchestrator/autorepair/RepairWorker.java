package dev.tandem.orchestrator.autorepair;

import dev.tandem.backfill.BackfillStatus;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.backfill.BackfillJob;
import dev.tandem.orchestrator.checker.CheckerConsumers;
import dev.tandem.orchestrator.checker.CheckerFeedConfig;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.repair.RepairConfig;
import dev.tandem.orchestrator.repair.RepairResult;
import dev.tandem.orchestrator.repair.Repairs;
import dev.tandem.orchestrator.write.ReplayQueue;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Repairs settled divergence as the checker reports it. A consumer of the divergence topic in group
 * {@link RepairConfig#groupId()} ({@code read_committed}: the check writes under exactly-once), so
 * that orchestrator instances share the partitions and each divergence is repaired by one of them.
 *
 * <p>Each id waits here until it is repaired, matches again (a tombstone), or is given up: while
 * {@code tandem.repair.auto} is off, or the phase has no mirror, it just waits. A FAILED repair (a
 * store down) is tried again with a doubling backoff, {@link RepairConfig#maxAttempts()} times, and
 * then handed to the {@link ReplayQueue}, which replays it until it applies: no repair ever gives up
 * on a divergence (a lost revocation among them). The group's committed offset never passes an id
 * still waiting, so a restart picks those up again.
 *
 * <p>Most urgent first, and never for long without reading the topic: the first start of the checker
 * over a real legacy store settles tens of thousands of "missing in the engine" verdicts that the
 * backfill then clears, each clearing a tombstone further down the topic. Repaired in topic order and
 * all at once, they held a lost revocation mirror behind them for minutes (repairs that found the
 * stores equal, one round trip each). So each round repairs for {@link #ROUND_BUDGET} at most, then
 * reads what the topic has (tombstones drop tasks that no longer need a repair), and takes the due
 * tasks by {@link #URGENCY}: a revocation one store lacks first.
 */
@ApplicationScoped
@Startup
public class RepairWorker {
    private static final Logger LOG = Logger.getLogger(RepairWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REPAIR_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ROUND_BUDGET = Duration.ofMillis(250);
    /** A revocation one store lacks, then by severity; within one class, in the order the checker reported them. */
    private static final Comparator<Task> URGENCY = Comparator.comparingInt(task -> urgency(task.divergence));

    @Inject
    CheckerFeedConfig feedConfig;
    @Inject
    RepairConfig config;
    @Inject
    Repairs repairs;
    @Inject
    ControlPlane control;
    @Inject
    BackfillJob backfill;
    @Inject
    ReplayQueue queue;

    /** A divergence waiting for its repair. */
    private static final class Task {
        final Divergence divergence;
        final TopicPartition partition;
        final long offset;
        int attempts;
        long dueNanos;

        Task(Divergence divergence, TopicPartition partition, long offset, long dueNanos) {
            this.divergence = divergence;
            this.partition = partition;
            this.offset = offset;
            this.dueNanos = dueNanos;
        }
    }

    /** By token id; touched by the worker thread only. */
    private final Map<String, Task> waiting = new LinkedHashMap<>();
    private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    @PostConstruct
    void start() {
        if (!feedConfig.enabled()) {
            return;
        }
        running = true;
        consumer = CheckerConsumers.consumer(feedConfig.bootstrapServers(), "tandem-repair", groupProperties());
        thread = CheckerConsumers.daemon("tandem-repair-worker", this::work);
    }

    @PreDestroy
    void stop() {
        running = false;
        CheckerConsumers.stop(consumer, thread);
    }

    private void work() {
        try {
            consumer.subscribe(List.of(feedConfig.topic().divergence()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    waiting.values().removeIf(task -> partitions.contains(task.partition));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            boolean moreDue = false;
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(moreDue ? Duration.ZERO : POLL)) {
                        take(record);
                    }
                    moreDue = repairDue();
                    commit();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("the repair worker failed a round, retrying: %s", e.getMessage());
                    CheckerConsumers.sleepQuietly(Duration.ofSeconds(1));
                }
            }
        } finally {
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.debugf("final commit failed: %s", e.getMessage());
            }
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            waiting.remove(record.key());
            return;
        }
        try {
            Divergence divergence = Divergence.fromJson(record.value());
            // A newer verdict of the same id replaces the waiting one, keeping the older offset so none is skipped.
            Task previous = waiting.remove(record.key());
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            waiting.put(record.key(), new Task(divergence, partition,
                    previous == null ? record.offset() : previous.offset, System.nanoTime()));
        } catch (RuntimeException e) {
            LOG.warnf("skipped an unreadable divergence record (partition %d, offset %d): %s", record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    /** Repairs the due tasks, most urgent first, for one round; true when due tasks are left for the next. */
    private boolean repairDue() {
        if (!config.auto() || !control.ready()) {
            return false;
        }
        MigrationPhase phase = control.current().phase();
        if (phase.mirror() == null) {
            return false;
        }
        long now = System.nanoTime();
        long roundEnds = now + ROUND_BUDGET.toNanos();
        List<Task> due = waiting.values().stream().filter(task -> task.dueNanos - now <= 0).sorted(URGENCY).toList();
        BackfillStatus backfillNow = null;
        for (Task task : due) {
            if (!running || System.nanoTime() - roundEnds > 0) {
                return running;
            }
            String id = task.divergence.tokenId();
            if (backfillNow == null) {
                backfillNow = backfillStatus();
            }
            Optional<String> leave = RepairScope.reasonToLeave(task.divergence, phase, backfillNow, Instant.now());
            if (leave.isPresent()) {
                LOG.debugf("repair of %s left alone: %s", id, leave.get());
                waiting.remove(id, task);
                continue;
            }
            RepairResult result = repairs.repairOffContext(id, phase, task.divergence, "auto")
                    .await().atMost(REPAIR_TIMEOUT);
            task.attempts++;
            if (Repairs.finished(result)) {
                waiting.remove(id, task);
            } else if (task.attempts >= config.maxAttempts() && handedToReplay(task, result)) {
                waiting.remove(id, task);
            } else {
                task.dueNanos = System.nanoTime() + backoff(task.attempts).toNanos();
            }
        }
        return false;
    }

    /**
     * Queues a repair that kept failing for replay; false (the task stays, with its backoff) when the
     * queue did not acknowledge it either.
     */
    private boolean handedToReplay(Task task, RepairResult result) {
        String id = task.divergence.tokenId();
        try {
            queue.enqueue(queue.tokenEntry(id, behind(task.divergence))).await().atMost(REPAIR_TIMEOUT);
            LOG.warnf("repair of %s failed %d times (%s); handed to the replay queue, which retries it until it applies",
                    id, task.attempts, result.detail());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("repair of %s failed %d times (%s) and the replay queue did not take it (%s); trying again",
                    id, task.attempts, result.detail(), e.getMessage());
            return false;
        }
    }

    /**
     * The store that looks behind, which a repair handed to the replay queue is queued toward: while
     * the entry waits, a read of the token that cannot reach both stores is served by the other one
     * alone. That is the store lacking the record; else the one lacking a revocation the other holds
     * (a revocation outranks any version in the merge, and one made behind Tandem's back carries no
     * new version); else the one holding the older version (legacy on a tie).
     */
    static MigrationPhase.Store behind(Divergence divergence) {
        TokenRecord legacy = divergence.legacy();
        TokenRecord engine = divergence.engine();
        if (engine == null) {
            return MigrationPhase.Store.ENGINE;
        }
        if (legacy == null) {
            return MigrationPhase.Store.LEGACY;
        }
        if (legacy.isRevoked() != engine.isRevoked()) {
            return legacy.isRevoked() ? MigrationPhase.Store.ENGINE : MigrationPhase.Store.LEGACY;
        }
        return legacy.version() <= engine.version() ? MigrationPhase.Store.LEGACY : MigrationPhase.Store.ENGINE;
    }

    /** 0 for a revocation that one store holds and the other, which still serves the token as usable, lacks; then 1 + severity. */
    static int urgency(Divergence divergence) {
        TokenRecord legacy = divergence.legacy();
        TokenRecord engine = divergence.engine();
        boolean revocationLacking = legacy != null && engine != null && legacy.isRevoked() != engine.isRevoked();
        return revocationLacking ? 0 : 1 + divergence.severity().ordinal();
    }

    /** The backfill's progress; unknown (never started) when its database cannot be read now. */
    private BackfillStatus backfillStatus() {
        try {
            return backfill.status();
        } catch (RuntimeException e) {
            return BackfillStatus.never();
        }
    }

    private Duration backoff(int attempts) {
        Duration wait = config.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /** Commits, per partition, up to the oldest id still waiting there (or the position when none waits). */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition, Duration.ofSeconds(2));
            for (Task task : waiting.values()) {
                if (task.partition.equals(partition)) {
                    position = Math.min(position, task.offset);
                }
            }
            offsets.put(partition, new OffsetAndMetadata(position));
        }
        if (!offsets.isEmpty() && !offsets.equals(committed)) {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
            committed = offsets;
        }
    }

    /** The group's part: offsets committed by hand, from the start of the topic for a new group. */
    private Properties groupProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The checker creates the topic, often after this instance started: look for it again soon.
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        return properties;
    }
}
