package dev.tandem.testing;

import java.util.Objects;

/** The three servers of one test stack, however it was obtained. */
record StackEndpoints(DatabaseEndpoint legacy, DatabaseEndpoint engine, String kafkaBootstrap) {

    StackEndpoints {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    }
}
