package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.checker.kafka.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;

/** Creates the topics the capture writes when they are absent: both change topics and the dead-letter topic. */
final class CdcTopics {
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
            List<NewTopic> topics = List.of(legacy, engine, deadLetter).stream()
                    .map(topic -> new NewTopic(topic, partitions, replication))
                    .toList();
            TopicSetup.ensure(admin, topics, legacy, engine, "capture");
        }
    }
}
