package dev.tandem.orchestrator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Whether this instance may admit writes: only while it has, within the last
 * {@code tandem.control.lease-ms}, read the whole control log as it stood ({@link KafkaControlPlane})
 * and had its presence acknowledged on the instances topic ({@code instances.Instances}). An instance
 * cut off from Kafka keeps its last phase, so without the lease it would go on writing under a phase
 * that every other instance has left, and a switch barrier could not count it. See
 * docs/design/0007-node-ids-and-the-control-lease.md.
 *
 * <p>Times are {@link System#nanoTime()} of this JVM, taken before the request that confirmed them:
 * what was confirmed at {@code t} holds until {@code t + lease}, whatever the wall clocks say.
 */
@ApplicationScoped
public class ControlLease {
    static final String NEVER = "has not yet %s";
    static final String LAPSED = "has not %s for %d ms (lease %d ms)";

    private final long leaseNanos;
    private final int leaseMs;
    private volatile long controlReadAt;
    private volatile boolean controlRead;
    private volatile long presenceAckedAt;
    private volatile boolean presenceAcked;
    private volatile String revoked;

    @Inject
    public ControlLease(ControlConfig config) {
        this.leaseMs = config.leaseMs();
        this.leaseNanos = config.leaseMs() * 1_000_000L;
    }

    /** The follower had read the whole control log as it stood at {@code nanos}. */
    public synchronized void controlReadAt(long nanos) {
        if (!controlRead || nanos - controlReadAt > 0) {
            controlReadAt = nanos;
            controlRead = true;
        }
    }

    /** A presence record sent at {@code nanos} was acknowledged by Kafka (acknowledgements may come out of order). */
    public synchronized void presenceAckedAt(long nanos) {
        if (!presenceAcked || nanos - presenceAckedAt > 0) {
            presenceAckedAt = nanos;
            presenceAcked = true;
        }
    }

    /** Ends the lease for good: this instance must not write again (its node id went to another). */
    public void revoke(String reason) {
        revoked = reason;
    }

    /** Why this instance may not admit writes now; empty while the lease holds. */
    public Optional<String> problem() {
        if (revoked != null) {
            return Optional.of(revoked);
        }
        long now = System.nanoTime();
        if (!controlRead || now - controlReadAt >= leaseNanos) {
            return Optional.of(describe(controlRead, now - controlReadAt, "read the whole control log"));
        }
        if (!presenceAcked || now - presenceAckedAt >= leaseNanos) {
            return Optional.of(describe(presenceAcked, now - presenceAckedAt, "had its presence acknowledged"));
        }
        return Optional.empty();
    }

    private String describe(boolean ever, long agoNanos, String what) {
        return "this instance " + (ever ? LAPSED.formatted(what, agoNanos / 1_000_000, leaseMs) : NEVER.formatted(what));
    }
}
