package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics the capture writes when they are absent: both change topics with the same
 * partition count (the check joins them partition by partition, so a token id must land on the same
 * partition number in both), and the dead-letter topic.
 */
final class CdcTopics {
    private static final long TIMEOUT_SECONDS = 30;

    private CdcTopics() {
    }

    /**
     * @throws IllegalStateException when the change topics exist with different partition counts,
     *                               or the broker does not answer
     */
    static void ensure(CheckerConfig config) {
        String legacy = config.getString(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG);
        String engine = config.getString(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG);
        String deadLetter = config.getString(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG);
        int partitions = config.getInt(CheckerConfig.TOPIC_PARTITIONS_CONFIG);
        short replication = config.getShort(CheckerConfig.TOPIC_REPLICATION_FACTOR_CONFIG);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getString(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG)))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of(legacy, engine, deadLetter)) {
                topics.add(new NewTopic(topic, partitions, replication));
            }
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create the capture's topics: " + e.getCause(), e.getCause());
                    }
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(List.of(legacy, engine)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int legacyPartitions = described.get(legacy).partitions().size();
            int enginePartitions = described.get(engine).partitions().size();
            if (legacyPartitions != enginePartitions) {
                throw new IllegalStateException(legacy + " has " + legacyPartitions + " partitions and " + engine + " has "
                        + enginePartitions + ": the check joins them partition by partition, so both need the same count"
                        + " (add partitions to the smaller one, or recreate it)");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.getString(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " did not answer: " + Optional.ofNullable(e.getCause()).orElse(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
