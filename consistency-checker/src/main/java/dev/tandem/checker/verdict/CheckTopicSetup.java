package dev.tandem.checker.verdict;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the check's topics when absent: the two change topics (the check cannot start without its
 * inputs, and may start before the capture), the dead-letter topic, and the compacted divergence and
 * status topics. Then insists that both change topics have the same partition count.
 */
final class CheckTopicSetup {
    private static final long TIMEOUT_SECONDS = 30;

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
        try {
            for (var result : admin.createTopics(wanted).values().values()) {
                try {
                    result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create the check's topics: " + e.getCause(), e.getCause());
                    }
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topics.legacyChanges(), topics.engineChanges()))
                    .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int legacy = described.get(topics.legacyChanges()).partitions().size();
            int engine = described.get(topics.engineChanges()).partitions().size();
            if (legacy != engine) {
                throw new IllegalStateException(topics.legacyChanges() + " has " + legacy + " partitions and "
                        + topics.engineChanges() + " has " + engine + ": the check compares them partition by partition,"
                        + " so both need the same count");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while the check created its topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
