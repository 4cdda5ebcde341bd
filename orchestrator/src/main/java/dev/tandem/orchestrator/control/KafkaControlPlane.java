package dev.tandem.orchestrator.control;

import dev.tandem.orchestrator.kafka.TopicClients;
import dev.tandem.orchestrator.phase.MigrationPhase;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The control state as a replicated log in Kafka rather than a database row, so that on-call can
 * roll back while either store is down. Every instance follows the whole log (one partition, kept
 * forever: it holds human changes only) from the beginning and folds it with {@link ControlFold};
 * a restart replays it. A change is proposed by appending an event and is decided when read back:
 * the fold accepts it only if it was decided on the current revision, so of two racing changes
 * exactly one wins, on every instance alike.
 *
 * <p>If Kafka becomes unreachable, the instance keeps applying the last state it read to reads, fails
 * proposals with {@link ControlPlaneUnavailableException}, and once its {@link ControlLease} lapses
 * admits no write; it follows again once Kafka is back. The follower renews the lease: every fifth
 * of it, it asks for the log's end and confirms once it has read up to that end.
 */
@Startup
@ApplicationScoped
public class KafkaControlPlane implements ControlPlane {
    private static final Logger LOG = Logger.getLogger(KafkaControlPlane.class);

    /** Every event goes to this partition: one total order is what makes the fold agree everywhere. */
    static final int PARTITION = 0;
    static final String RECORD_KEY = "control";

    static final String NOT_CAUGHT_UP = "this instance has not caught up with the control log (topic %s) yet;"
            + " retry in a moment";
    static final String WRITE_FAILED = "the control log (topic %s) could not be written: %s; the change was"
            + " probably not applied: check GET /admin/migration before retrying";
    static final String NOT_READ_BACK = "the change was sent to the control log (topic %s) but not read back within"
            + " %d ms; it may still take effect: check GET /admin/migration before retrying";

    @Inject
    ControlConfig config;
    @Inject
    ControlLease lease;

    private final Map<UUID, CompletableFuture<ControlState>> pending = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private TopicPartition partition;
    private TopicClients kafka;
    private KafkaProducer<String, String> producer;
    // KafkaProducer.send blocks while it fetches metadata; that must never happen on an event loop.
    private ExecutorService sender;
    private Thread follower;

    private volatile KafkaConsumer<String, String> consumer;
    private volatile ControlState state = ControlState.initial();
    private volatile List<AuditEntry> audit = List.of();
    private volatile boolean ready;
    private volatile String followProblem = "starting";
    /** Completed when the fence of the state applied now is lifted; a completed one while no fence holds. */
    private volatile CompletableFuture<Void> fenceLifted = CompletableFuture.completedFuture(null);

    @PostConstruct
    void start() {
        if (config.pollTimeoutMs() < 1 || config.pollTimeoutMs() > 500) {
            throw new IllegalArgumentException("tandem.control.poll-timeout-ms=" + config.pollTimeoutMs()
                    + " is out of range (valid: 1 to 500, so that every instance applies a change within a second)");
        }
        partition = new TopicPartition(config.topic(), PARTITION);
        kafka = new TopicClients(config.bootstrapServers(), "tandem-control", config.kafkaTimeoutMs());
        producer = kafka.producer();
        sender = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "tandem-control-sender"));
        follower = daemon(this::follow, "tandem-control-follower");
        follower.start();
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
        pending.values().forEach(waiting -> waiting.completeExceptionally(
                new ControlPlaneUnavailableException("this instance is shutting down")));
    }

    @Override
    public ControlState current() {
        return state;
    }

    @Override
    public Uni<ControlState> writable() {
        Optional<String> fenced = lease.problem();
        if (fenced.isPresent()) {
            return Uni.createFrom().failure(new WritesFencedException(fenced.get()));
        }
        ControlState now = state;
        if (!now.writesHeld(Instant.now())) {
            return Uni.createFrom().item(now);
        }
        Duration left = Duration.between(Instant.now(), now.fence().deadline());
        Context caller = Vertx.currentContext();
        Executor resume = caller != null ? task -> caller.runOnContext(ignored -> task.run())
                : Infrastructure.getDefaultExecutor();
        return Uni.createFrom().completionStage(fenceLifted)
                .ifNoItem().after(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left).recoverWithItem((Void) null)
                .emitOn(resume)
                .map(lifted -> state);
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public List<AuditEntry> audit() {
        return audit;
    }

    /** The topic this instance follows. */
    public String topic() {
        return config.topic();
    }

    /** Why this instance is not following the log right now, if it is not. */
    public Optional<String> followProblem() {
        return Optional.ofNullable(followProblem);
    }

    @Override
    public Uni<ControlState> propose(ControlChange change) {
        return Uni.createFrom().deferred(() -> {
            if (!ready) {
                return Uni.createFrom().failure(new ControlPlaneUnavailableException(NOT_CAUGHT_UP.formatted(config.topic())));
            }
            long current = state.revision();
            if (change.expectedRevision() < current) {
                // Revisions only grow: the fold would refuse it, so do not write it.
                return Uni.createFrom().failure(new ControlConflictException(change.expectedRevision(), current));
            }
            // The outcome is completed by the follower thread, which must go back to folding at once:
            // the caller continues on its own Vert.x context (or a worker), never on the follower.
            Context caller = Vertx.currentContext();
            Executor resume = caller != null ? task -> caller.runOnContext(ignored -> task.run())
                    : Infrastructure.getDefaultExecutor();
            ControlEvent event = new ControlEvent(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS), change);
            CompletableFuture<ControlState> outcome = new CompletableFuture<>();
            pending.put(event.id(), outcome);
            try {
                sender.execute(() -> send(event, outcome));
            } catch (RejectedExecutionException e) {
                outcome.completeExceptionally(new ControlPlaneUnavailableException("this instance is shutting down"));
            }
            return Uni.createFrom().completionStage(outcome)
                    .ifNoItem().after(Duration.ofMillis(config.proposeTimeoutMs()))
                    .failWith(() -> new ControlPlaneUnavailableException(
                            NOT_READ_BACK.formatted(config.topic(), config.proposeTimeoutMs())))
                    .onTermination().invoke(() -> pending.remove(event.id()))
                    .emitOn(resume);
        });
    }

    private void send(ControlEvent event, CompletableFuture<ControlState> outcome) {
        try {
            producer.send(new ProducerRecord<>(config.topic(), PARTITION, RECORD_KEY, event.toJson()), (metadata, error) -> {
                if (error != null) {
                    outcome.completeExceptionally(new ControlPlaneUnavailableException(
                            WRITE_FAILED.formatted(config.topic(), error.getMessage()), error));
                }
                // On success the follower completes the outcome when it folds the event.
            });
        } catch (RuntimeException e) {
            outcome.completeExceptionally(new ControlPlaneUnavailableException(
                    WRITE_FAILED.formatted(config.topic(), e.getMessage()), e));
        }
    }

    /** The follower thread: connect, replay, follow; on a Kafka failure keep the state and reconnect. */
    private void follow() {
        ControlFold fold = new ControlFold();
        long next = 0;
        Long endAtStart = null;
        long confirmEveryNanos = Math.max(1, config.leaseMs() / 5) * 1_000_000L;
        long lastAsked = System.nanoTime() - confirmEveryNanos;
        long askedEnd = -1;
        while (stopping.getCount() > 0) {
            try (Admin admin = kafka.admin(); KafkaConsumer<String, String> following = kafka.consumer()) {
                consumer = following;
                if (kafka.ensure(admin, new NewTopic(config.topic(), Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)))) {
                    LOG.infof("created the control log topic %s", config.topic());
                }
                following.assign(List.of(partition));
                following.seek(partition, next);
                if (endAtStart == null) {
                    endAtStart = following.endOffsets(List.of(partition)).get(partition);
                }
                followProblem = ready ? null : "replaying the control log";
                while (stopping.getCount() > 0) {
                    for (ConsumerRecord<String, String> record : following.poll(Duration.ofMillis(config.pollTimeoutMs()))) {
                        fold(fold, record);
                        next = record.offset() + 1;
                    }
                    if (System.nanoTime() - lastAsked >= confirmEveryNanos) {
                        lastAsked = System.nanoTime();
                        askedEnd = following.endOffsets(List.of(partition)).get(partition);
                    }
                    if (askedEnd >= 0 && next >= askedEnd) {
                        // Everything written before lastAsked has been folded.
                        lease.controlReadAt(lastAsked);
                        askedEnd = -1;
                    }
                    if (!ready && next >= endAtStart) {
                        ready = true;
                        followProblem = null;
                        ControlState caughtUp = state;
                        LOG.infof("control plane caught up with topic %s: revision %d, phase %s, reads %s (ramp %d%%)",
                                config.topic(), caughtUp.revision(), caughtUp.phase(), caughtUp.readFlag().wireName(),
                                caughtUp.rampPercent());
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the consumer up.
            } catch (RuntimeException e) {
                followProblem = "cannot follow the control log (topic " + config.topic() + " on "
                        + config.bootstrapServers() + "): " + e.getMessage();
                LOG.warnf("%s; keeping revision %d and retrying in %d ms", followProblem, state.revision(),
                        config.retryBackoffMs());
                awaitStop(config.retryBackoffMs());
            } finally {
                consumer = null;
            }
        }
    }

    private void fold(ControlFold fold, ConsumerRecord<String, String> record) {
        ControlEvent event;
        try {
            event = ControlEvent.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            // Skipped the same way on every instance, so the fold stays deterministic.
            LOG.errorf("control log offset %d is not a control event and is skipped: %s", record.offset(), e.getMessage());
            return;
        }
        ControlFold.Outcome outcome = fold.apply(event);
        CompletableFuture<ControlState> waiting = pending.remove(event.id());
        if (outcome instanceof ControlFold.Accepted accepted) {
            CompletableFuture<Void> lifted = fenceLifted;
            if (accepted.state().fence() != null && lifted.isDone()) {
                fenceLifted = new CompletableFuture<>();
            }
            state = accepted.state();
            if (accepted.state().fence() == null) {
                fenceLifted.complete(null);
            }
            audit = List.copyOf(fold.audit());
            log(accepted.entry());
            if (waiting != null) {
                waiting.complete(accepted.state());
            }
        } else if (outcome instanceof ControlFold.Conflict conflict) {
            LOG.debugf("control log offset %d refused: decided on revision %d, current is %d", record.offset(),
                    conflict.expectedRevision(), conflict.actualRevision());
            if (waiting != null) {
                waiting.completeExceptionally(new ControlConflictException(conflict.expectedRevision(), conflict.actualRevision()));
            }
        } else if (outcome instanceof ControlFold.Invalid invalid) {
            LOG.warnf("control log offset %d refused: %s", record.offset(), invalid.reason());
            if (waiting != null) {
                waiting.completeExceptionally(new IllegalStateException(invalid.reason()));
            }
        }
    }

    private void log(AuditEntry entry) {
        ControlState from = entry.from();
        ControlState to = entry.to();
        String message = String.format("control change r%d (%s by %s%s): phase %s -> %s, reads %s/%d%% -> %s/%d%%,"
                        + " auto-cutover %s -> %s; reason: %s",
                entry.revision(), entry.action(), entry.actor(), entry.forced() ? ", FORCED" : "",
                from.phase(), to.phase(), from.readFlag().wireName(), from.rampPercent(),
                to.readFlag().wireName(), to.rampPercent(), onOff(from.autoCutover()), onOff(to.autoCutover()),
                entry.reason());
        if (to.phase() == MigrationPhase.POINT_OF_NO_RETURN && from.phase() != to.phase()) {
            LOG.warn(message + " -- entered the point of no return: legacy receives no writes from now on");
        } else {
            LOG.info(message);
        }
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
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
