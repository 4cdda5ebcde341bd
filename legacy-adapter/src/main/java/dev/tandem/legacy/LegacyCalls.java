package dev.tandem.legacy;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How both legacy stores run a call: lazily, so invalid input fails the returned Uni rather than the
 * caller's thread; writes tried again after a deadlock (every write is idempotent through its
 * version, and InnoDB rolls a deadlock victim back whole); every failure classified by
 * {@link LegacyErrorClassifier}.
 */
final class LegacyCalls {
    /** Further attempts after a deadlock. */
    static final int DEADLOCK_RETRIES = 5;
    private static final Duration RETRY_BACKOFF_MIN = Duration.ofMillis(5);
    private static final Duration RETRY_BACKOFF_MAX = Duration.ofMillis(200);

    private LegacyCalls() {
    }

    static <T> Uni<T> write(String operation, Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().deferred(work)
                .onFailure(LegacyErrorClassifier::isDeadlock).retry()
                .withBackOff(RETRY_BACKOFF_MIN, RETRY_BACKOFF_MAX).atMost(DEADLOCK_RETRIES)
                .onFailure().transform(failure -> LegacyErrorClassifier.classify(operation, failure));
    }

    static <T> Uni<T> read(String operation, Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().deferred(work)
                .onFailure().transform(failure -> LegacyErrorClassifier.classify(operation, failure));
    }
}
