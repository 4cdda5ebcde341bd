package dev.tandem.orchestrator.oauth;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * CPU-heavy work (a client secret's PBKDF2) off the event loop, resumed on the caller's Vert.x context:
 * the store calls that follow need it (Hibernate Reactive refuses other threads). Outside Vert.x (unit
 * tests) the work runs in place.
 */
final class Blocking {
    private Blocking() {
    }

    static <T> Uni<T> call(Supplier<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(work);
        }
        return Uni.createFrom().emitter(emitter -> context.<T>executeBlocking(work::get, false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(result.cause());
                    }
                }));
    }
}
