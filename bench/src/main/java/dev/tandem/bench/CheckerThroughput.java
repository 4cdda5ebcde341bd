package dev.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.checker.CheckerConfig;
import dev.tandem.checker.verdict.CheckRole;
import dev.tandem.checker.verdict.CheckStats;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.Values;
import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.change.Lsn;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The check's benchmark, against a real broker. Two measurements, each on fresh topics and a fresh
 * check application:
 * <ol>
 *   <li><b>latency</b>: matching change pairs (a store write and its mirror) produced at a sustained
 *       rate while the check runs; commit-to-verdict latency per event is the time from the event's
 *       {@code committedAtMs} (its send time here) to the check's verdict on it, p50 and p99 after a
 *       warm-up;</li>
 *   <li><b>throughput</b>: {@code --pairs} pairs produced first, then a check started on them; events
 *       checked per second from its first event to its last.</li>
 * </ol>
 * Options: {@link Line}.
 */
public final class CheckerThroughput {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** Seconds of the latency run left out of the figures: the JIT and the first fetches warming up. */
    private static final int WARM_UP_SECONDS = 10;

    private CheckerThroughput() {
    }

    /** {@code bench checker-throughput}. */
    @Command(name = "checker-throughput", description = {"The check alone, on topics of its own on the broker:"
            + " commit-to-verdict latency at --rate writes per second (each a change in both stores) for --seconds,"
            + " then events checked per second on a backlog of --pairs pairs.", ""},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:measured", "2:usage"})
    static final class Line implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        OutputOption output;
        @Option(names = "--bootstrap", order = 1, paramLabel = "HOST:PORT", defaultValue = CheckerConfig.DEFAULT_BOOTSTRAP_SERVERS,
                description = "the Kafka broker (default ${DEFAULT-VALUE})")
        String bootstrap;
        @Spec
        CommandSpec spec;
        int rate;
        int seconds;
        int pairs;

        @Option(names = "--rate", order = 2, paramLabel = "N", defaultValue = "1000",
                description = "writes per second of the latency run (default ${DEFAULT-VALUE})")
        void rate(String value) {
            rate = (int) Values.whole(spec, "--rate", value, 1, Integer.MAX_VALUE);
        }

        @Option(names = "--seconds", order = 3, paramLabel = "N", defaultValue = "20",
                description = "seconds of the latency run (default ${DEFAULT-VALUE})")
        void seconds(String value) {
            seconds = (int) Values.whole(spec, "--seconds", value, 1, Integer.MAX_VALUE);
        }

        @Option(names = "--pairs", order = 4, paramLabel = "N", defaultValue = "100000",
                description = "pairs of the throughput run's backlog (default ${DEFAULT-VALUE})")
        void pairs(String value) {
            pairs = (int) Values.whole(spec, "--pairs", value, 1, Integer.MAX_VALUE);
        }

        @Override
        public Integer call() throws Exception {
            run(bootstrap, rate, seconds, pairs, output.json());
            return 0;
        }
    }

    /** In text each figure as soon as it is measured; in JSON all of them at the end, as one object. */
    private static void run(String bootstrap, int rate, int seconds, int pairs, boolean json) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (json) {
            System.out.println(json(bootstrap, cores, latency(bootstrap, rate, seconds), throughput(bootstrap, pairs)));
            return;
        }
        System.out.println(header(bootstrap, cores));
        System.out.println(latency(bootstrap, rate, seconds).text());
        System.out.println(throughput(bootstrap, pairs).text());
    }

    static String header(String bootstrap, int cores) {
        return String.format(Locale.ROOT, "checker benchmark against %s (%d cores)", bootstrap, cores);
    }

    /**
     * The latency run: {@code p99PerSecond} is the p99 of each second's events in turn (warm-up
     * included); p50, p99 and max leave out the first {@code warmUpSeconds}; -1 where nothing was checked.
     */
    record Latency(int rate, int seconds, int checked, int total, List<Long> p99PerSecond, long p50Ms, long p99Ms,
                   long maxMs, int warmUpSeconds) {
        String text() {
            return "latency: p99 per second of events checked, ms: "
                    + p99PerSecond.stream().map(String::valueOf).collect(Collectors.joining(" "))
                    + System.lineSeparator()
                    + String.format(Locale.ROOT, "latency: %d writes/s (%d events/s) for %d s; events checked %d of %d;"
                                    + " commit-to-verdict p50 %d ms, p99 %d ms, max %d ms (after a %d s warm-up)",
                            rate, rate * 2, seconds, checked, total, p50Ms, p99Ms, maxMs, warmUpSeconds);
        }
    }

    /** The throughput run: {@code events} checked of {@code pairs} pairs in {@code seconds}, first to last. */
    record Throughput(long events, int pairs, double seconds, long settled, long pending) {
        double eventsPerSecond() {
            return events / seconds;
        }

        String text() {
            return String.format(Locale.ROOT, "throughput: %d events (%d pairs) checked in %.2f s: %.0f events/s,"
                            + " %.0f writes/s; settled %d, pending %d", events, pairs, seconds, eventsPerSecond(),
                    eventsPerSecond() / 2, settled, pending);
        }
    }

    /** The text's figures for {@code -o json}, camelCase as the other benchmarks' JSON. */
    static String json(String bootstrap, int cores, Latency latency, Throughput throughput) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode().put("bootstrap", bootstrap).put("cores", cores);
        ObjectNode l = root.putObject("latency")
                .put("writesPerSecond", latency.rate())
                .put("eventsPerSecond", latency.rate() * 2)
                .put("seconds", latency.seconds())
                .put("eventsChecked", latency.checked())
                .put("eventsExpected", latency.total())
                .put("p50Ms", latency.p50Ms())
                .put("p99Ms", latency.p99Ms())
                .put("maxMs", latency.maxMs())
                .put("warmUpSeconds", latency.warmUpSeconds());
        latency.p99PerSecond().forEach(l.putArray("p99MsPerSecond")::add);
        root.putObject("throughput")
                .put("events", throughput.events())
                .put("pairs", throughput.pairs())
                .put("seconds", throughput.seconds())
                .put("eventsPerSecond", throughput.eventsPerSecond())
                .put("writesPerSecond", throughput.eventsPerSecond() / 2)
                .put("settled", throughput.settled())
                .put("pending", throughput.pending());
        return root.toPrettyString();
    }

    private static Latency latency(String bootstrap, int rate, int seconds) throws Exception {
        int total = rate * seconds * 2;
        long[] samples = new long[total + 1_000];
        AtomicInteger count = new AtomicInteger();
        try (Check check = new Check(bootstrap); KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            check.stats().onVerdictLatency((side, ms) -> {
                int i = count.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = ms;
                }
            });
            // Encoded before the clock starts: the generator's own JSON work would otherwise take CPU
            // from the check on this small machine and be measured as check latency.
            List<StampedPair> pairs = new ArrayList<>(rate * seconds);
            for (int i = 0; i < rate * seconds; i++) {
                pairs.add(new StampedPair(record(check, i), i));
            }
            check.awaitRunning();
            prime(bootstrap, check);
            count.set(0);
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            for (StampedPair pair : pairs) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += intervalNanos;
                pair.send(producer, check, System.currentTimeMillis());
            }
            producer.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (count.get() < total && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            int seen = Math.min(count.get(), samples.length);
            List<Long> timeline = new ArrayList<>();
            for (int second = 0; second * rate * 2 < seen; second++) {
                long[] slice = Arrays.copyOfRange(samples, second * rate * 2, Math.min(seen, (second + 1) * rate * 2));
                Arrays.sort(slice);
                timeline.add(percentile(slice, 99));
            }
            // The first seconds include the JIT warming up and the consumer's first fetches.
            long[] measured = Arrays.copyOfRange(samples, Math.min(seen, rate * 2 * WARM_UP_SECONDS), seen);
            Arrays.sort(measured);
            return new Latency(rate, seconds, count.get(), total, List.copyOf(timeline), percentile(measured, 50),
                    percentile(measured, 99), measured.length == 0 ? -1 : measured[measured.length - 1], WARM_UP_SECONDS);
        }
    }

    private static Throughput throughput(String bootstrap, int pairs) throws Exception {
        try (Check check = new Check(bootstrap)) {
            check.createTopics();
            prime(bootstrap, check);
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                for (int i = 0; i < pairs; i++) {
                    sendPair(producer, check, i);
                }
                producer.flush();
            }
            CheckStats stats = check.stats();
            long[] first = {0};
            stats.onVerdictLatency((side, ms) -> {
                if (first[0] == 0) {
                    first[0] = System.nanoTime();
                }
            });
            check.start();
            long deadline = System.currentTimeMillis() + 300_000;
            long expected = 2L * pairs + 2L * check.partitions();
            while (stats.events(Side.LEGACY) + stats.events(Side.ENGINE) < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            long end = System.nanoTime();
            long events = stats.events(Side.LEGACY) + stats.events(Side.ENGINE);
            double secondsTaken = (end - first[0]) / 1e9;
            return new Throughput(events, pairs, secondsTaken, stats.settled(Severity.MINOR)
                    + stats.settled(Severity.MAJOR) + stats.settled(Severity.CRITICAL), stats.pending());
        }
    }

    private static void sendPair(KafkaProducer<String, byte[]> producer, Check check, int i) {
        TokenRecord record = record(check, i);
        long now = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(check.legacyTopic, record.id(),
                ChangeEventCodec.encode(ChangeEvent.upsert("legacy", record, now, now, new BinlogPosition("bench.000001", 4 + i, 0)))));
        producer.send(new ProducerRecord<>(check.engineTopic, record.id(),
                ChangeEventCodec.encode(ChangeEvent.upsert("engine", record, now, now, new Lsn(i)))));
    }

    /**
     * A change pair encoded ahead of time with a placeholder commit time, which {@link #send} overwrites
     * in place: the JSON stays exactly what {@link ChangeEventCodec} writes.
     */
    private static final class StampedPair {
        private static final long PLACEHOLDER = 1_111_111_111_111L;
        private final String key;
        private final byte[] legacy;
        private final byte[] engine;
        private final int[] legacyStamps;
        private final int[] engineStamps;

        StampedPair(TokenRecord record, int i) {
            key = record.id();
            legacy = ChangeEventCodec.encode(ChangeEvent.upsert("legacy", record, PLACEHOLDER, PLACEHOLDER, new BinlogPosition("bench.000001", 4 + i, 0)));
            engine = ChangeEventCodec.encode(ChangeEvent.upsert("engine", record, PLACEHOLDER, PLACEHOLDER, new Lsn(i)));
            legacyStamps = stamps(legacy);
            engineStamps = stamps(engine);
        }

        void send(KafkaProducer<String, byte[]> producer, Check check, long nowMs) {
            byte[] digits = Long.toString(nowMs).getBytes(StandardCharsets.US_ASCII);
            producer.send(new ProducerRecord<>(check.legacyTopic, key, stamped(legacy, legacyStamps, digits)));
            producer.send(new ProducerRecord<>(check.engineTopic, key, stamped(engine, engineStamps, digits)));
        }

        private static byte[] stamped(byte[] template, int[] offsets, byte[] digits) {
            byte[] copy = template.clone();
            for (int offset : offsets) {
                System.arraycopy(digits, 0, copy, offset, digits.length);
            }
            return copy;
        }

        private static int[] stamps(byte[] json) {
            String text = new String(json, StandardCharsets.US_ASCII);
            String committed = "\"committedAtMs\":" + PLACEHOLDER;
            String captured = "\"capturedAtMs\":" + PLACEHOLDER;
            int digits = Long.toString(PLACEHOLDER).length();
            return new int[]{text.indexOf(committed) + committed.length() - digits, text.indexOf(captured) + captured.length() - digits};
        }
    }

    private static TokenRecord record(Check check, int i) {
        return TokenRecord.builder()
                .id(TokenId.hashOf(check.prefix + "-" + i))
                .kind(TokenKind.ACCESS_TOKEN)
                .clientId("bench-client")
                .subject("user-" + (i % 10_000))
                .scopes(Set.of("openid", "profile"))
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(3_600))
                .version(1_000_000L + i)
                .build();
    }

    /**
     * One pair into each partition, each acknowledged, before the measured stream, through a producer
     * of its own without idempotence. A burst from an idempotent producer into partitions the broker
     * has only just created can meet NOT_LEADER_OR_FOLLOWER on its first batches and then an
     * OutOfOrderSequenceException that it retries forever: events that never arrive would be
     * measured as check latency.
     */
    private static void prime(String bootstrap, Check check) throws Exception {
        try (KafkaProducer<String, byte[]> primer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new ByteArraySerializer())) {
            int partitions = primer.partitionsFor(check.legacyTopic).size();
            for (int p = 0; p < partitions; p++) {
                TokenRecord record = record(check, -1 - p);
                long now = System.currentTimeMillis();
                // Both halves to partition p of their topic: co-partitioned, whatever the key hashes to.
                primer.send(new ProducerRecord<>(check.legacyTopic, p, record.id(),
                        ChangeEventCodec.encode(ChangeEvent.upsert("legacy", record, now, now, new BinlogPosition("prime.000001", p, 0))))).get();
                primer.send(new ProducerRecord<>(check.engineTopic, p, record.id(),
                        ChangeEventCodec.encode(ChangeEvent.upsert("engine", record, now, now, new Lsn(p))))).get();
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 65_536),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    /** A check application on topics and a state directory of its own. */
    private static final class Check implements AutoCloseable {
        final String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final String legacyTopic = prefix + ".changes.legacy";
        final String engineTopic = prefix + ".changes.engine";
        private final CheckRole role;

        Check(String bootstrap) throws IOException {
            Path stateDir = Files.createTempDirectory("tandem-bench-");
            Map<String, String> settings = new HashMap<>();
            settings.put(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put(CheckerConfig.STATE_DIR_CONFIG, stateDir.toString());
            settings.put(CheckerConfig.INSTANCE_ID_CONFIG, prefix);
            settings.put(CheckerConfig.CHECK_APPLICATION_ID_CONFIG, prefix);
            settings.put(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG, legacyTopic);
            settings.put(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG, engineTopic);
            settings.put(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG, prefix + ".dead-letter");
            settings.put(CheckerConfig.DIVERGENCE_TOPIC_CONFIG, prefix + ".divergence");
            settings.put(CheckerConfig.STATUS_TOPIC_CONFIG, prefix + ".status");
            role = new CheckRole(CheckerConfig.from(settings), new SimpleMeterRegistry());
        }

        CheckStats stats() {
            return role.stats();
        }

        int partitions() {
            return CheckerConfig.DEFAULT_TOPIC_PARTITIONS;
        }

        void createTopics() {
            role.createTopics();
        }

        void start() {
            role.start();
        }

        void awaitRunning() throws InterruptedException {
            start();
            while (!"RUNNING".equals(role.state())) {
                Thread.sleep(50);
            }
        }

        @Override
        public void close() {
            role.close();
        }
    }
}
