package dev.tandem.orchestrator.write;

import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.control.ControlState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The writes this instance is running, by the control revision each was admitted under: what the
 * switch barrier waits on. Once an instance applies a fence at revision R, it admits no new write,
 * and the barrier may flip the primary only when no write admitted before R is still on its way to
 * a store ({@link #oldestRevision()} at least R on every instance).
 *
 * <p>Admission registers the write first and reads the control state again afterwards: a write
 * that read the state just before a fence was applied either sees the new revision and waits, or
 * was registered before the fence was applied, and is counted by whoever looks after that.
 */
@ApplicationScoped
public class InFlightWrites {
    private final ControlPlane control;
    private final ConcurrentSkipListMap<Long, Integer> byRevision = new ConcurrentSkipListMap<>();

    @Inject
    public InFlightWrites(ControlPlane control) {
        this.control = control;
    }

    /** One admitted write: the state it runs under, to be closed when it is done (answered or failed). */
    public final class Ticket implements AutoCloseable {
        private final ControlState state;
        private boolean closed;

        private Ticket(ControlState state) {
            this.state = state;
        }

        public ControlState state() {
            return state;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                leave(state.revision());
            }
        }
    }

    /** Admits a write once no fence holds writes; see the class comment for why it reads the state twice. */
    public Uni<Ticket> admit() {
        return control.writable().flatMap(state -> {
            enter(state.revision());
            if (control.current().revision() != state.revision()) {
                leave(state.revision());
                return admit();
            }
            return Uni.createFrom().item(new Ticket(state));
        });
    }

    /**
     * The oldest control revision a write still running here was admitted under, or the revision
     * this instance applies when none is running: no write older than this is on its way to a store.
     */
    public long oldestRevision() {
        long applied = control.current().revision();
        Map.Entry<Long, Integer> oldest = byRevision.firstEntry();
        return oldest == null ? applied : Math.min(oldest.getKey(), applied);
    }

    /** How many writes are running here now. */
    public int count() {
        return byRevision.values().stream().mapToInt(Integer::intValue).sum();
    }

    // Pure functions of immutable counts: the map may apply them more than once under contention.
    private void enter(long revision) {
        byRevision.merge(revision, 1, Integer::sum);
    }

    private void leave(long revision) {
        byRevision.computeIfPresent(revision, (r, n) -> n <= 1 ? null : n - 1);
    }
}
