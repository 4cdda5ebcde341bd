package dev.tandem.checker.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics a role needs when they are absent, then insists that the two change topics have
 * the same partition count: the check joins them partition by partition, so a token id must land on
 * the same partition number in both. Used by the capture and the check alike, since either may start
 * first.
 */
public final class TopicSetup {
    private static final long TIMEOUT_SECONDS = 30;

    private TopicSetup() {
    }

    /**
     * @param who the role creating them, for the messages ("capture", "check")
     * @throws IllegalStateException when the change topics differ in partition count, or Kafka does
     *                               not answer
     */
    public static void ensure(Admin admin, List<NewTopic> wanted, String legacyChanges, String engineChanges, String who) {
        try {
            for (var result : admin.createTopics(wanted).values().values()) {
                try {
                    result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create the " + who + "'s topics: " + e.getCause(), e.getCause());
                    }
                }
            }
            Map<String, TopicDescription> described = describe(admin, List.of(legacyChanges, engineChanges));
            int legacy = described.get(legacyChanges).partitions().size();
            int engine = described.get(engineChanges).partitions().size();
            if (legacy != engine) {
                throw new IllegalStateException(legacyChanges + " has " + legacy + " partitions and " + engineChanges
                        + " has " + engine + ": the check joins them partition by partition, so both need the same count"
                        + " (add partitions to the smaller one, or recreate it)");
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Kafka did not answer while the " + who + " created its topics: " + cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * A broker answers "unknown topic" for a moment after a create returned, until its metadata cache
     * holds the new topic (KRaft propagates it asynchronously): a retriable error is retried until
     * the timeout.
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }
}
