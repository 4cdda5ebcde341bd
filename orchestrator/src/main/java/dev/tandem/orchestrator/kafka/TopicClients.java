package dev.tandem.orchestrator.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka clients of Tandem's own topics (the control log, the replay queue, the instances): each
 * one partition of string records that every instance reads whole, without a consumer group, and
 * writes with {@code acks=all}. One configuration for all of them, so that a timeout means the same
 * everywhere.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param clientPrefix     names the clients ({@code <prefix>-writer}, {@code -follower}, {@code -admin})
 * @param timeoutMs        bounds every request, a send's delivery and a blocked send
 */
public record TopicClients(String bootstrapServers, String clientPrefix, int timeoutMs) {
    /**
     * How long the broker may hold a fetch while nothing is new. A fetch is answered as soon as a
     * record arrives ({@code fetch.min.bytes} 1), so this costs no latency; it only sets how often an
     * idle follower asks. At 100 ms, three followers per instance kept an idle broker busy.
     */
    static final int FETCH_MAX_WAIT_MS = 500;

    public KafkaProducer<String, String> producer() {
        Properties properties = common();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(timeoutMs));
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientPrefix + "-writer");
        return new KafkaProducer<>(properties);
    }

    /** A consumer without a group: it is assigned the partition, reads from where it seeks, commits nothing. */
    public KafkaConsumer<String, String> consumer() {
        Properties properties = common();
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(FETCH_MAX_WAIT_MS));
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientPrefix + "-follower");
        return new KafkaConsumer<>(properties);
    }

    public Admin admin() {
        Properties properties = common();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientPrefix + "-admin");
        return Admin.create(properties);
    }

    /**
     * Creates {@code topic} unless it exists. Answers whether it was created; fails with
     * {@link IllegalStateException} when Kafka refuses or does not answer in time, and with
     * {@link WakeupException} when interrupted (the caller is stopping).
     */
    public boolean ensure(Admin admin, NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka (" + bootstrapServers + ") did not answer within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private Properties common() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }
}
