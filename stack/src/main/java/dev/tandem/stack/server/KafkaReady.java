package dev.tandem.stack.server;

import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Readiness probe of the local broker, run by {@link KafkaBroker} in a JVM of its own on the broker's
 * classpath (kafka-clients and its logging stay out of the stack's own JVM): exits 0 as soon as the broker at
 * {@code args[0]} answers a metadata request listing at least one live broker, 1 after
 * {@code args[1]} milliseconds. An open port is not enough: the broker binds its listener before it
 * serves requests.
 */
public final class KafkaReady {

    private KafkaReady() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: KafkaReady HOST:PORT TIMEOUT_MS");
            System.exit(2);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[1]));
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        System.out.println("KafkaReady: " + args[0] + " serves metadata, brokers " + nodes);
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        System.err.println("KafkaReady: " + args[0] + " did not answer a metadata request within "
                + args[1] + " ms; last error: " + last);
        System.exit(1);
    }
}
