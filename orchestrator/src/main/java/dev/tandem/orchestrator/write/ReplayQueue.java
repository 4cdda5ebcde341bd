package dev.tandem.orchestrator.write;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.orchestrator.kafka.TopicClients;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Every write whose mirror failed, durably and cluster-wide, until it is replayed into both stores
 * (docs/design/0006-the-replay-queue.md). A compacted Kafka topic of one partition: one record per
 * failed mirror write, keyed by a fresh entry id (never by the token: a tombstone of one entry must
 * not remove a newer entry of the same token), removed by a tombstone once {@link ReplayWorker}
 * applied it. Every instance follows the topic from the beginning (no consumer group) and keeps
 * the live entries in memory, so every instance knows which tokens a store may hold an older state
 * of, and a restart of every instance forgets nothing.
 *
 * <p>Reads from a store other than the primary first wait for {@link #caughtUp()}: the follower asks
 * the broker for the end offset and polls up to it, once for every read waiting when it asked
 * (Raft's read index). An entry acknowledged through another instance before the read began is
 * then in this instance's memory.
 */
@Startup
@ApplicationScoped
public class ReplayQueue {
    private static final Logger LOG = Logger.getLogger(ReplayQueue.class);
    static final int PARTITION = 0;

    static final String SEND_FAILED = "the replay queue (topic %s) did not acknowledge the entry: %s";
    static final String NOT_CAUGHT_UP = "the replay queue (topic %s) could not be read up to its end within %d ms: %s";
    static final String SHUTTING_DOWN = "this instance is shutting down";

    @Inject
    ReplayConfig config;
    @Inject
    HybridLogicalClock clock;
    @Inject
    MeterRegistry registry;

    private final ReplayFold fold = new ReplayFold();
    private final UUID instance = UUID.randomUUID();
    private final Queue<CompletableFuture<Void>> catchUpWaiters = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private TopicPartition partition;
    private TopicClients kafka;
    private KafkaProducer<String, String> producer;
    // KafkaProducer.send blocks while it fetches metadata; that must never happen on an event loop.
    private ExecutorService sender;
    private Thread follower;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile String followProblem = "starting";
    /**
     * Whether the follower is only polling, no catch-up in progress: a new waiter wakes it up then,
     * and only then, so that a stream of reads cannot keep interrupting the round trip they wait for.
     */
    private volatile boolean idle;

    @PostConstruct
    void start() {
        if (config.pollTimeoutMs() < 1 || config.pollTimeoutMs() > 500) {
            throw new IllegalArgumentException("tandem.replay.poll-timeout-ms=" + config.pollTimeoutMs()
                    + " is out of range (valid: 1 to 500)");
        }
        if (config.kafkaTimeoutMs() < 1 || config.catchUpTimeoutMs() < 1) {
            throw new IllegalArgumentException("tandem.replay.kafka-timeout-ms and " + ReplayConfig.CATCH_UP_TIMEOUT_MS
                    + " must be at least 1 (are " + config.kafkaTimeoutMs() + " and " + config.catchUpTimeoutMs() + ")");
        }
        partition = new TopicPartition(config.topic(), PARTITION);
        kafka = new TopicClients(config.bootstrapServers(), "tandem-replay", config.kafkaTimeoutMs());
        producer = kafka.producer();
        sender = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "tandem-replay-sender"));
        follower = daemon(this::follow, "tandem-replay-follower");
        follower.start();
        registerGauges();
    }

    @PreDestroy
    void stop() {
        stopping.countDown();
        KafkaConsumer<String, String> following = consumer;
        if (following != null) {
            following.wakeup();
        }
        try {
            follower.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdownNow();
        producer.close(Duration.ofSeconds(2));
        CompletableFuture<Void> waiting;
        while ((waiting = catchUpWaiters.poll()) != null) {
            waiting.completeExceptionally(new IllegalStateException(SHUTTING_DOWN));
        }
    }

    /** A token entry for a write of {@code tokenId} that the store {@code mirror} missed. */
    public ReplayEntry tokenEntry(String tokenId, Store mirror) {
        return ReplayEntry.token(tokenId, mirror, Instant.now(), clock.nodeId(), instance);
    }

    /** A family entry for a revocation of {@code familyId} at {@code revokedAt} that {@code mirror} missed. */
    public ReplayEntry familyEntry(String familyId, Instant revokedAt, Store mirror) {
        return ReplayEntry.family(familyId, revokedAt, mirror, Instant.now(), clock.nodeId(), instance);
    }

    /**
     * Queues {@code entry}: in this instance's memory at once, and completes once Kafka acknowledged
     * it (acks=all). Fails when Kafka did not; the entry then stays in memory here (reads go on merging
     * both stores, and this instance's replayer still replays it), but no other instance knows it.
     */
    public Uni<Void> enqueue(ReplayEntry entry) {
        return Uni.createFrom().deferred(() -> {
            fold.add(entry);
            return send(entry.id(), entry.toJson());
        });
    }

    /** Removes a replayed entry: a tombstone for its key, acknowledged by Kafka. */
    public Uni<Void> remove(UUID entryId) {
        return send(entryId, null).invoke(() -> fold.removeAhead(entryId));
    }

    /**
     * Completes once this instance's follower has read the queue up to an end offset the broker gave
     * after this call: every entry acknowledged before is then known here. Fails after {@code
     * tandem.replay.catch-up-timeout-ms}.
     */
    public Uni<Void> caughtUp() {
        return Uni.createFrom().deferred(() -> {
            String problem = followProblem;
            if (problem != null) {
                // Not following now: waiting out the bound on every read would only slow the fallback.
                return Uni.createFrom().failure(new IllegalStateException(NOT_CAUGHT_UP.formatted(config.topic(),
                        config.catchUpTimeoutMs(), problem)));
            }
            Executor resume = resumeOnCaller();
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            catchUpWaiters.add(waiter);
            KafkaConsumer<String, String> following = consumer;
            if (following != null && idle) {
                following.wakeup();
            }
            return Uni.createFrom().completionStage(waiter)
                    .ifNoItem().after(Duration.ofMillis(config.catchUpTimeoutMs()))
                    .failWith(() -> new IllegalStateException(NOT_CAUGHT_UP.formatted(config.topic(),
                            config.catchUpTimeoutMs(), followProblem().orElse("no answer"))))
                    .emitOn(resume);
        });
    }

    public boolean tokenPending(String tokenId) {
        return fold.tokenPending(tokenId);
    }

    public boolean familyPending(String familyId) {
        return fold.familyPending(familyId);
    }

    /** The stores that missed a pending write of the token. */
    public Set<Store> tokenMissedBy(String tokenId) {
        return fold.tokenMissedBy(tokenId);
    }

    /** The stores that missed a pending revocation of the family. */
    public Set<Store> familyMissedBy(String familyId) {
        return fold.familyMissedBy(familyId);
    }

    /** Live entries, every instance's. */
    public int size() {
        return fold.size();
    }

    /** Live entries whose write the store {@code store} missed: what switching to it would lose until replayed. */
    public int pendingToward(Store store) {
        return fold.pendingToward(store);
    }

    /** How long the oldest live entry has waited. */
    public Optional<Duration> oldestAge() {
        return fold.oldestAge(Instant.now());
    }

    /** The queue in numbers, for the status page and the guard. */
    public Summary summary() {
        return new Summary(size(), oldestAge().map(Duration::toSeconds).orElse(null),
                pendingToward(Store.LEGACY), pendingToward(Store.ENGINE));
    }

    List<ReplayEntry> entries() {
        return fold.entries();
    }

    boolean live(UUID entryId) {
        return fold.contains(entryId);
    }

    /** This instance, as entries name their writer. */
    UUID instance() {
        return instance;
    }

    public String topic() {
        return config.topic();
    }

    /** Why this instance is not following the queue right now, if it is not. */
    public Optional<String> followProblem() {
        return Optional.ofNullable(followProblem);
    }

    /**
     * The queue in numbers.
     *
     * @param pending       live entries
     * @param oldestSeconds age of the oldest, or null when empty
     * @param towardLegacy  entries legacy missed
     * @param towardEngine  entries the engine missed
     */
    public record Summary(int pending, Long oldestSeconds, int towardLegacy, int towardEngine) {
    }

    private Uni<Void> send(UUID key, String value) {
        return Uni.createFrom().deferred(() -> {
            Executor resume = resumeOnCaller();
            CompletableFuture<Void> acked = new CompletableFuture<>();
            try {
                sender.execute(() -> {
                    try {
                        producer.send(new ProducerRecord<>(config.topic(), PARTITION, key.toString(), value),
                                (metadata, error) -> {
                                    if (error != null) {
                                        acked.completeExceptionally(new IllegalStateException(
                                                SEND_FAILED.formatted(config.topic(), error.getMessage()), error));
                                    } else {
                                        acked.complete(null);
                                    }
                                });
                    } catch (RuntimeException e) {
                        acked.completeExceptionally(new IllegalStateException(
                                SEND_FAILED.formatted(config.topic(), e.getMessage()), e));
                    }
                });
            } catch (RejectedExecutionException e) {
                acked.completeExceptionally(new IllegalStateException(SHUTTING_DOWN));
            }
            // The callback runs on the producer's thread: continue on the caller's context, which the
            // rest of the request (Hibernate Reactive among others) needs.
            return Uni.createFrom().completionStage(acked)
                    .ifNoItem().after(Duration.ofMillis(config.kafkaTimeoutMs() + 1000L))
                    .failWith(() -> new IllegalStateException(SEND_FAILED.formatted(config.topic(),
                            "no answer within " + config.kafkaTimeoutMs() + " ms")))
                    .emitOn(resume);
        });
    }

    private static Executor resumeOnCaller() {
        Context caller = Vertx.currentContext();
        return caller != null ? task -> caller.runOnContext(ignored -> task.run()) : Infrastructure.getDefaultExecutor();
    }

    /**
     * The follower thread: connect, replay the topic from the beginning, follow; answer catch-up
     * waiters in batches. On a Kafka failure keep the entries known so far, fail the waiting reads
     * (they go to the primary) and reconnect.
     */
    private void follow() {
        long next = 0;
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        while (stopping.getCount() > 0) {
            try (Admin admin = kafka.admin(); KafkaConsumer<String, String> following = kafka.consumer()) {
                consumer = following;
                if (kafka.ensure(admin, new NewTopic(config.topic(), Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))) {
                    LOG.infof("created the replay queue topic %s", config.topic());
                }
                following.assign(List.of(partition));
                following.seek(partition, next);
                followProblem = null;
                while (stopping.getCount() > 0) {
                    try {
                        if (batch.isEmpty()) {
                            idle = true;
                            drainWaiters(batch);
                        }
                        if (batch.isEmpty()) {
                            next = apply(following.poll(Duration.ofMillis(config.pollTimeoutMs())), next);
                            continue;
                        }
                        idle = false;
                        // Asked after every waiter of the batch registered: what was acknowledged before
                        // any of them began lies below this offset. Asked through the admin client, on a
                        // connection of its own: a broker answers one connection's requests in order, so
                        // on the consumer's it would wait behind the fetch in flight (fetch.max.wait.ms).
                        long end = endOffset(admin);
                        long deadline = System.nanoTime() + Duration.ofMillis(config.catchUpTimeoutMs()).toNanos();
                        while (next < end) {
                            if (System.nanoTime() - deadline > 0) {
                                throw new IllegalStateException("the follower did not reach offset " + end + " in time");
                            }
                            next = apply(following.poll(Duration.ofMillis(config.pollTimeoutMs())), next);
                            next = Math.max(next, following.position(partition, Duration.ofMillis(config.kafkaTimeoutMs())));
                        }
                        batch.forEach(waiter -> waiter.complete(null));
                        batch.clear();
                    } catch (WakeupException e) {
                        // A read began waiting (or stop() woke us): the batch, if any, is still ours.
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the consumer up.
            } catch (RuntimeException e) {
                followProblem = "cannot follow the replay queue (topic " + config.topic() + " on "
                        + config.bootstrapServers() + "): " + e.getMessage();
                LOG.warnf("%s; keeping %d known entries and retrying in %d ms", followProblem, fold.size(),
                        config.retryBackoffMs());
                batch.forEach(waiter -> waiter.completeExceptionally(new IllegalStateException(followProblem)));
                batch.clear();
                drainWaiters(batch);
                batch.forEach(waiter -> waiter.completeExceptionally(new IllegalStateException(followProblem)));
                batch.clear();
                awaitStop(config.retryBackoffMs());
            } finally {
                consumer = null;
                idle = false;
            }
        }
    }

    private long endOffset(Admin admin) {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(config.catchUpTimeoutMs(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offset: " + e.getCause().getMessage(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the end offset was not answered within " + config.catchUpTimeoutMs() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void drainWaiters(List<CompletableFuture<Void>> batch) {
        CompletableFuture<Void> waiter;
        while ((waiter = catchUpWaiters.poll()) != null) {
            if (!waiter.isDone()) {
                batch.add(waiter);
            }
        }
    }

    private long apply(Iterable<ConsumerRecord<String, String>> records, long next) {
        for (ConsumerRecord<String, String> record : records) {
            next = record.offset() + 1;
            UUID id;
            try {
                id = UUID.fromString(record.key());
            } catch (RuntimeException e) {
                LOG.errorf("replay queue offset %d has no entry id as its key and is skipped", record.offset());
                continue;
            }
            if (record.value() == null) {
                fold.apply(id, null);
                continue;
            }
            try {
                fold.apply(id, ReplayEntry.fromJson(record.value()));
            } catch (IllegalArgumentException e) {
                LOG.errorf("replay queue offset %d is not a replay entry and is skipped: %s", record.offset(), e.getMessage());
            }
        }
        return next;
    }

    private void registerGauges() {
        // A registry can outlive an application start (Quarkus tests restart the application in one JVM).
        registry.find(TandemMetrics.REPLAY_PENDING).meters().forEach(registry::remove);
        registry.find(TandemMetrics.REPLAY_OLDEST).meters().forEach(registry::remove);
        Gauge.builder(TandemMetrics.REPLAY_PENDING, fold, ReplayFold::size)
                .description("Failed mirror writes in the replay queue, every instance's, not yet in both stores")
                .strongReference(true).register(registry);
        Gauge.builder(TandemMetrics.REPLAY_OLDEST, fold,
                        f -> f.oldestAge(Instant.now()).map(age -> age.toMillis() / 1000.0).orElse(0.0))
                .description("Age of the oldest entry of the replay queue, 0 when it is empty")
                .baseUnit("seconds").strongReference(true).register(registry);
    }

    private void awaitStop(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
