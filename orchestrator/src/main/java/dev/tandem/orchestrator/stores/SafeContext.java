package dev.tandem.orchestrator.stores;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Supplier;

/**
 * A fresh duplicated Vert.x context marked safe, for store work started off a request: the engine
 * store is Hibernate Reactive, which refuses a timer's plain event-loop context, a Kafka thread and
 * the executor a Mutiny delay resumes on.
 */
@ApplicationScoped
public class SafeContext {
    @Inject
    Vertx vertx;

    /** Runs {@code task} on a fresh safe context. */
    public void run(Runnable task) {
        fresh().runOnContext(ignored -> task.run());
    }

    /** Subscribes to {@code work} on a fresh safe context, from any thread. */
    public <T> Uni<T> call(Supplier<Uni<T>> work) {
        Context context = fresh();
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored ->
                work.get().subscribe().with(emitter::complete, emitter::fail)));
    }

    private Context fresh() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
