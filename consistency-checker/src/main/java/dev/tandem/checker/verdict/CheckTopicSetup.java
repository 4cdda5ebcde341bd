package dev.tandem.checker.verdict;

import dev.tandem.checker.kafka.TopicSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates the check's topics when absent: the two change topics (the check cannot start without its
 * inputs, and may start before the capture), the dead-letter topic, and the compacted divergence and
 * status topics. Then insists that both change topics have the same partition count.
 */
final class CheckTopicSetup {
    private CheckTopicSetup() {
    }

    static void ensure(Admin admin, CheckTopics topics, int partitions, short replication) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(topics.legacyChanges(), partitions, replication));
        wanted.add(new NewTopic(topics.engineChanges(), partitions, replication));
        wanted.add(new NewTopic(topics.deadLetter(), partitions, replication));
        wanted.add(new NewTopic(topics.divergence(), partitions, replication).configs(compacted));
        wanted.add(new NewTopic(topics.status(), 1, replication).configs(compacted));
        TopicSetup.ensure(admin, wanted, topics.legacyChanges(), topics.engineChanges(), "check");
    }
}
