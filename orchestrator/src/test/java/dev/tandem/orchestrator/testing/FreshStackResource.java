package dev.tandem.orchestrator.testing;

import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Points a {@code @QuarkusTest} application at fresh databases on the test stack's real servers
 * (legacy with the old server's schema, as the orchestrator finds it in production) and at its
 * own Kafka topics.
 */
public class FreshStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestStack stack = TestStack.get();
        DatabaseEndpoint legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the legacy schema", e);
        }
        DatabaseEndpoint engine = stack.freshEngineDatabase();
        Map<String, String> config = new HashMap<>();
        config.putAll(configFor(legacy, engine));
        config.put("kafka.bootstrap.servers", stack.kafkaBootstrap());
        config.put("tandem.control.topic", "tandem.control.test-" + UUID.randomUUID());
        // A replay queue of its own: another test's failed mirror writes are not this one's to count or replay.
        config.put("tandem.replay.topic", "tandem.replay.test-" + UUID.randomUUID());
        config.put("tandem.node-id", "1");
        // Checker topics of its own, empty unless a test runs a checker on them: a checker writing the
        // default topics on the shared broker must not reach this application's guards.
        String checkerSuffix = UUID.randomUUID().toString();
        config.put("tandem.checker.topic.divergence", "tandem.divergence.test-" + checkerSuffix);
        config.put("tandem.checker.topic.status", "tandem.checker.status.test-" + checkerSuffix);
        config.put("tandem.checker.topic.legacy-changes", "tandem.changes.legacy.test-" + checkerSuffix);
        config.put("tandem.repair.group-id", "tandem.repair.test-" + checkerSuffix);
        return config;
    }

    /** The configuration that points an orchestrator at these two databases. */
    public static Map<String, String> configFor(DatabaseEndpoint legacy, DatabaseEndpoint engine) {
        Map<String, String> config = new HashMap<>();
        config.put("tandem.legacy.host", legacy.host());
        config.put("tandem.legacy.port", Integer.toString(legacy.port()));
        config.put("tandem.legacy.database", legacy.database());
        config.put("tandem.legacy.user", legacy.user());
        config.put("tandem.legacy.password", legacy.password());
        String hostPortDb = engine.host() + ":" + engine.port() + "/" + engine.database();
        config.put("quarkus.datasource.reactive.url", "postgresql://" + hostPortDb);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPortDb);
        config.put("quarkus.datasource.username", engine.user());
        config.put("quarkus.datasource.password", engine.password());
        return config;
    }

    @Override
    public void stop() {
        // Fresh databases are cheap and left for inspection after a failure.
    }
}
