package dev.tandem.checker.verdict;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * The check as a Kafka Streams topology: both change topics into one processor (so they must be
 * co-partitioned: same partition count, keyed by token id), its four state stores, and sinks for
 * settled divergence and dead letters.
 */
public final class CheckTopology {
    public static final String KEYS_STORE = "check-keys";
    public static final String TIMERS_STORE = "check-timers";
    public static final String READ_PAST_STORE = "check-read-past";
    public static final String META_STORE = "check-meta";
    static final String DIVERGENCE_SINK = "divergence";
    static final String DEAD_LETTER_SINK = "dead-letters";
    private static final String PROCESSOR = "check";

    private CheckTopology() {
    }

    private static KeyValueBytesStoreSupplier store(String name, boolean onDisk) {
        return onDisk ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    /** The topology with its stores in RocksDB, on disk: memory does not grow with the number of tokens. */
    public static Topology build(CheckTopics topics, VerdictTracker tracker, CheckStats stats, Duration punctuateInterval) {
        return build(topics, tracker, stats, punctuateInterval, true);
    }

    /**
     * @param onDisk false keeps the stores in memory: for {@code TopologyTestDriver} tests only, which
     *               commit, and so flush RocksDB to a new file, after every record
     */
    public static Topology build(CheckTopics topics, VerdictTracker tracker, CheckStats stats, Duration punctuateInterval,
                                 boolean onDisk) {
        Topology topology = new Topology();
        topology.addSource("legacy-changes", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.legacyChanges());
        topology.addSource("engine-changes", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.engineChanges());
        topology.addProcessor(PROCESSOR, () -> new CheckProcessor(topics, tracker, stats, punctuateInterval),
                "legacy-changes", "engine-changes");
        topology.addStateStore(Stores.keyValueStoreBuilder(store(KEYS_STORE, onDisk), Serdes.String(),
                new KeyStateSerde()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store(TIMERS_STORE, onDisk), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store(READ_PAST_STORE, onDisk), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store(META_STORE, onDisk), Serdes.String(),
                Serdes.Long()).withCachingEnabled(), PROCESSOR);
        topology.addSink(DIVERGENCE_SINK, topics.divergence(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetter(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        return topology;
    }
}
