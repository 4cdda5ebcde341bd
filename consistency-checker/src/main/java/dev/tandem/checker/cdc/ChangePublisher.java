package dev.tandem.checker.cdc;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The Kafka producer both captures share: idempotent, {@code acks=all}, so that a record Kafka has
 * acknowledged is durable and a producer retry cannot duplicate or reorder records of one key.
 */
final class ChangePublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    ChangePublisher(String bootstrapServers, String clientId) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // Each Debezium batch is flushed as a whole before its offsets move: lingering only adds latency.
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    Future<RecordMetadata> send(String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** To one partition, whatever the key: what a heartbeat for every partition needs. */
    Future<RecordMetadata> send(String topic, int partition, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    /** The topic's partition count, from the producer's metadata (fetched once, then kept fresh by the producer). */
    int partitions(String topic) {
        return producer.partitionsFor(topic).size();
    }

    /**
     * Waits until Kafka has acknowledged every send. Throws when one failed: the caller must not
     * move its source offsets past records that were not stored.
     */
    void awaitAll(List<Future<RecordMetadata>> sends) throws InterruptedException {
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new PublishException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Kafka did not store a change event; the capture stops and restarts from its last stored offsets. */
    static final class PublishException extends RuntimeException {
        PublishException(Throwable cause) {
            super("Kafka did not acknowledge a change event: " + cause, cause);
        }
    }
}
