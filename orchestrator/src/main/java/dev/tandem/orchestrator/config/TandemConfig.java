package dev.tandem.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Tandem's own configuration keys ({@code tandem.*}). Each key carries its doc and its default
 * here and nowhere else. The engine's datasource uses Quarkus's own {@code quarkus.datasource.*}.
 */
@ConfigMapping(prefix = "tandem")
public interface TandemConfig {

    /** The legacy MariaDB store. */
    Legacy legacy();

    /**
     * This instance's node id in write versions (0-255). Instances that share the stores must
     * have different ids, or two writes could carry the same version: an instance refuses to start
     * when a live instance of its migration holds the id already. Optional: when absent, the lowest
     * id no live instance holds is taken (see {@code instances.Instances}).
     */
    Optional<Integer> nodeId();

    interface Legacy {
        /** Host of the legacy MariaDB server. */
        @WithDefault("127.0.0.1")
        String host();

        /** Port of the legacy MariaDB server. */
        @WithDefault("33306")
        int port();

        /** Database holding the legacy token tables. */
        @WithDefault("tandem_legacy")
        String database();

        /** User name for the legacy server. */
        @WithDefault("tandem")
        String user();

        /** Password for the legacy server. */
        @WithDefault("tandem")
        String password();

        /** Connections in the legacy pool. */
        @WithDefault("32")
        int poolSize();

        /**
         * Apply Tandem's online, reversible legacy migration (the {@code tandem_version} column) at
         * start. Off where operators run it by hand.
         */
        @WithDefault("true")
        boolean migrateAtStart();
    }
}
