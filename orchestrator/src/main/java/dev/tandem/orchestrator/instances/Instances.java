package dev.tandem.orchestrator.instances;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.orchestrator.config.TandemConfig;
import dev.tandem.orchestrator.control.ControlConfig;
import dev.tandem.orchestrator.control.ControlLease;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.kafka.TopicClients;
import dev.tandem.orchestrator.write.InFlightWrites;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The orchestrator instances of one migration, as the instances topic tells them (see
 * docs/design/0007-node-ids-and-the-control-lease.md). At start an instance claims a node id, the
 * configured one or the lowest free one, and refuses to start when a live instance holds it: two
 * instances with one node id could stamp one version on two different records. Then it says it is
 * alive every heartbeat, with the revision it applies and how far its writes have drained, which
 * renews its {@link ControlLease} and tells a switch barrier on any instance when it may flip.
 *
 * <p>A claim on an id whose holder went silent (killed, not stopped) waits until the holder has
 * been silent for a lease and a heartbeat: by then the holder's own lease has lapsed, so it
 * writes nothing even if it was only cut off and comes back.
 */
@Startup
@ApplicationScoped
public class Instances {
    private static final Logger LOG = Logger.getLogger(Instances.class);
    static final int PARTITION = 0;
    static final String DUPLICATE = "tandem.node-id=%d is held by another live instance (%s, instance %s, claimed"
            + " at offset %d of topic %s): two instances with one node id could give two records one version."
            + " Give every instance its own tandem.node-id (0-%d), or leave it unset to take a free one";
    static final String TAKEN_OVER = "node id %d is now held by instance %s (%s), whose claim came first: this"
            + " instance was silent for longer than its lease and must not write again; restart it";
    static final String NO_FREE_ID = "every node id (0-%d) is held by a live instance of topic %s";

    private final UUID self = UUID.randomUUID();
    @Inject
    InstancesConfig config;
    @Inject
    ControlConfig control;
    @Inject
    TandemConfig tandem;
    @Inject
    ControlLease lease;
    @Inject
    ControlPlane controlPlane;
    @Inject
    InFlightWrites inFlight;
    @ConfigProperty(name = "quarkus.http.host", defaultValue = "localhost")
    String host;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    private NodeIdClaims claims;
    private TopicPartition partition;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread heart;
    private volatile boolean stopping;
    /** Set once the claim is done and the heartbeat thread reads the topic as it is written. */
    private volatile boolean following;
    private int nodeId;
    private long claimOffset;
    private long liveNanos;

    @PostConstruct
    void start() {
        if (config.heartbeatMs() < 1 || config.heartbeatMs() * 3L > control.leaseMs()) {
            throw new IllegalArgumentException(InstancesConfig.HEARTBEAT_MS + "=" + config.heartbeatMs()
                    + " is out of range (valid: 1 to a third of tandem.control.lease-ms=" + control.leaseMs() + ")");
        }
        liveNanos = (control.leaseMs() + (long) config.heartbeatMs()) * 1_000_000L;
        claims = new NodeIdClaims(liveNanos, HybridLogicalClock.MAX_NODE_ID);
        partition = new TopicPartition(config.topic(), PARTITION);
        TopicClients kafka = new TopicClients(config.bootstrapServers(), "tandem-instances", control.kafkaTimeoutMs());
        try (Admin admin = kafka.admin()) {
            // Kept an hour: a start reads only the last seconds, and operators may look further back.
            if (kafka.ensure(admin, new NewTopic(config.topic(), Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
                            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()))))) {
                LOG.infof("created the instances topic %s", config.topic());
            }
        }
        producer = kafka.producer();
        consumer = kafka.consumer();
        consumer.assign(List.of(partition));
        seekToRecent();
        readToEnd();
        claim();
        following = true;
        heart = new Thread(this::beat, "tandem-instances");
        heart.setDaemon(true);
        heart.start();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        consumer.wakeup();
        try {
            heart.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // So that a restart with this node id, or a switch, need not wait for our silence.
            producer.send(record(Presence.Kind.LEAVING)).get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("could not say this instance leaves: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
        consumer.close(Duration.ofSeconds(2));
    }

    /** This instance's node id, unique among the live instances. */
    public int nodeId() {
        return nodeId;
    }

    /**
     * The write-version clock of this instance. Its node id is the one claimed on the instances
     * topic: unique among the live instances of this migration.
     */
    @Produces
    @Singleton
    HybridLogicalClock clock() {
        return new HybridLogicalClock(nodeId());
    }

    /** This instance's id, new at every start. */
    public UUID self() {
        return self;
    }

    /** The live instances, this one included once its own heartbeat came back. */
    public List<NodeIdClaims.Peer> live() {
        return claims.live(System.nanoTime());
    }

    /**
     * Why this instance's view of the others may be stale (its own latest heartbeat has not come
     * back for two heartbeats), or empty: only a current view may count a silent instance as gone.
     */
    public Optional<String> staleView() {
        long now = System.nanoTime();
        long seen = claims.peer(self).map(NodeIdClaims.Peer::seenAtNanos).orElse(now - liveNanos);
        long agoMs = (now - seen) / 1_000_000;
        return agoMs <= 2L * config.heartbeatMs() ? Optional.empty()
                : Optional.of("this instance has not read its own heartbeat on topic " + config.topic() + " for " + agoMs
                + " ms, so it cannot tell which instances are gone");
    }

    /** Claims the configured node id, or the lowest free one; see the class comment. */
    private void claim() {
        Optional<Integer> configured = tandem.nodeId();
        int candidate = configured.orElseGet(this::lowestFree);
        while (true) {
            long sentAt = System.nanoTime();
            nodeId = candidate;
            claimOffset = -1;
            claimOffset = send(record(Presence.Kind.CLAIM));
            lease.presenceAckedAt(sentAt);
            Optional<NodeIdClaims.Peer> other = awaitHolder(candidate);
            if (other.isEmpty()) {
                LOG.infof("holds node id %d%s (instance %s, topic %s)", candidate,
                        configured.isPresent() ? "" : " (tandem.node-id unset: the lowest free one)", self, config.topic());
                return;
            }
            NodeIdClaims.Peer holder = other.get();
            if (configured.isPresent()) {
                // Withdrawn, so that no one counts this claim as an instance while it is in the live window.
                send(record(Presence.Kind.LEAVING));
                throw new IllegalStateException(DUPLICATE.formatted(candidate, holder.address(), holder.instance(),
                        holder.claimOffset(), config.topic(), HybridLogicalClock.MAX_NODE_ID));
            }
            candidate = lowestFree();
        }
    }

    /**
     * Reads until this instance holds {@code candidate} (empty) or a live instance that holds it
     * spoke after our claim (that instance). A holder silent since before our claim may be dead:
     * wait for it to speak, or to be silent for the live window.
     */
    private Optional<NodeIdClaims.Peer> awaitHolder(int candidate) {
        while (true) {
            readToEnd();
            Optional<NodeIdClaims.Peer> holder = claims.holder(candidate, System.nanoTime())
                    .filter(peer -> !peer.instance().equals(self));
            if (holder.isEmpty() || holder.get().lastOffset() > claimOffset) {
                return holder;
            }
            LOG.infof("node id %d was held by instance %s (%s), silent for %d ms: waiting for it to speak or to be"
                            + " gone", candidate, holder.get().instance(), holder.get().address(),
                    (System.nanoTime() - holder.get().seenAtNanos()) / 1_000_000);
            pollOnce(Duration.ofMillis(config.heartbeatMs()));
        }
    }

    private int lowestFree() {
        readToEnd();
        OptionalInt free = claims.lowestFree(System.nanoTime());
        if (free.isEmpty()) {
            throw new IllegalStateException(NO_FREE_ID.formatted(HybridLogicalClock.MAX_NODE_ID, config.topic()));
        }
        return free.getAsInt();
    }

    /** The heartbeat thread: read the others, say we are alive, notice when our id was taken over. */
    private void beat() {
        long heartbeatNanos = config.heartbeatMs() * 1_000_000L;
        long lastSent = System.nanoTime();
        long lastDrained = inFlight.oldestRevision();
        while (!stopping) {
            try {
                pollOnce(Duration.ofMillis(Math.min(100, config.heartbeatMs())));
                long drained = inFlight.oldestRevision();
                long now = System.nanoTime();
                // A drain past a fence is told at once: a switch barrier somewhere waits on it.
                if (now - lastSent >= heartbeatNanos || drained != lastDrained) {
                    lastSent = now;
                    lastDrained = drained;
                    long sentAt = now;
                    producer.send(record(Presence.Kind.ALIVE), (metadata, error) -> {
                        if (error == null) {
                            lease.presenceAckedAt(sentAt);
                        }
                    });
                }
                claims.holder(nodeId, now).filter(holder -> !holder.instance().equals(self)).ifPresent(holder -> {
                    String problem = TAKEN_OVER.formatted(nodeId, holder.instance(), holder.address());
                    LOG.error(problem);
                    lease.revoke(problem);
                });
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("instances topic %s: %s; retrying", config.topic(), e.getMessage());
                pause(control.retryBackoffMs());
            }
        }
    }

    private ProducerRecord<String, String> record(Presence.Kind kind) {
        ControlPlane plane = controlPlane;
        Presence presence = new Presence(self, kind, nodeId, claimOffset, plane.current().revision(),
                inFlight.oldestRevision(), host + ":" + port);
        return new ProducerRecord<>(config.topic(), PARTITION, self.toString(), presence.toJson());
    }

    private long send(ProducerRecord<String, String> record) {
        try {
            return producer.send(record).get(control.kafkaTimeoutMs(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to the instances topic " + config.topic() + ": "
                    + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a claim on topic " + config.topic() + " within "
                    + control.kafkaTimeoutMs() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while claiming a node id", e);
        }
    }

    /** Reads up to the end the topic has now. */
    private void readToEnd() {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        while (consumer.position(partition) < end) {
            pollOnce(Duration.ofMillis(100));
        }
    }

    private void pollOnce(Duration timeout) {
        ConsumerRecords<String, String> records = consumer.poll(timeout);
        long now = System.nanoTime();
        long nowMs = System.currentTimeMillis();
        for (ConsumerRecord<String, String> record : records) {
            Presence presence;
            try {
                presence = Presence.fromJson(record.value());
            } catch (IllegalArgumentException e) {
                LOG.debugf("offset %d of %s skipped: %s", record.offset(), config.topic(), e.getMessage());
                continue;
            }
            // Once following, a record counts from when it was read: never earlier than it was sent, so an
            // instance is taken for gone only after its lease surely lapsed, whatever the wall clocks say.
            // What a start reads of the past counts from when it was written (by the writer's clock), or
            // every instance killed in the last seconds would look alive.
            long ageNanos = following ? 0 : Math.max(0, nowMs - record.timestamp()) * 1_000_000L;
            claims.add(presence, record.offset(), now - ageNanos);
        }
    }

    /** Starts reading where records younger than twice the live window begin: older ones are all gone. */
    private void seekToRecent() {
        long since = System.currentTimeMillis() - 2 * liveNanos / 1_000_000;
        OffsetAndTimestamp first = consumer.offsetsForTimes(Map.of(partition, since)).get(partition);
        if (first == null) {
            consumer.seekToEnd(List.of(partition));
        } else {
            consumer.seek(partition, first.offset());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

}
