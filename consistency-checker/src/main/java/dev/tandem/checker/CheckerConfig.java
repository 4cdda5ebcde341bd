package dev.tandem.checker;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the checker process, each key defined once with its type, default, validation and
 * doc, in the manner of Kafka's {@code ConsumerConfig} (it is a Kafka {@link ConfigDef}, so
 * {@link #reference()} generates the reference from the definitions, and a bad value fails at start
 * naming key, value and what is valid).
 *
 * <p>Where a value comes from, first match wins: the overrides given to {@link #from(Map)} (tests,
 * command line), a system property of the key's name ({@code -Dtandem.checker.state-dir=...}), the
 * environment variable of {@link #envName(String)} ({@code TANDEM_CHECKER_STATE_DIR}), the default.
 */
public final class CheckerConfig extends AbstractConfig {

    // --- process -------------------------------------------------------------------------------

    public static final String ROLES_CONFIG = "tandem.checker.roles";
    public static final String ROLE_CDC = "cdc";
    public static final String ROLE_CHECK = "check";
    public static final List<String> DEFAULT_ROLES = List.of(ROLE_CDC, ROLE_CHECK);
    private static final String ROLES_DOC = "The roles this process runs: " + ROLE_CDC
            + " (Debezium embedded engines on both stores, publishing canonical change events) and "
            + ROLE_CHECK + " (the streaming comparison of both change topics).";

    public static final String INSTANCE_ID_CONFIG = "tandem.checker.instance-id";
    public static final String DEFAULT_INSTANCE_ID = "checker-1";
    private static final String INSTANCE_ID_DOC = "This checker instance's name: the key of its status record"
            + " and part of its client ids. Unique per running process.";

    public static final String STATE_DIR_CONFIG = "tandem.checker.state-dir";
    public static final String DEFAULT_STATE_DIR = ".tandem/checker";
    private static final String STATE_DIR_DOC = "Directory of durable local state: CDC offsets and schema history"
            + " (" + "cdc/" + ") and the check's state stores. Survives restarts; one per instance.";

    // --- Kafka and topics ----------------------------------------------------------------------

    public static final String BOOTSTRAP_SERVERS_CONFIG = "tandem.checker.kafka.bootstrap-servers";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:59092";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap.servers.";

    public static final String TOPIC_PARTITIONS_CONFIG = "tandem.checker.topic.partitions";
    public static final int DEFAULT_TOPIC_PARTITIONS = 6;
    private static final String TOPIC_PARTITIONS_DOC = "Partitions of the topics the checker creates when they are"
            + " absent. Both change topics must have the same count: the check joins them partition by partition.";

    public static final String TOPIC_REPLICATION_FACTOR_CONFIG = "tandem.checker.topic.replication-factor";
    public static final short DEFAULT_TOPIC_REPLICATION_FACTOR = 1;
    private static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor of the topics the checker creates.";

    public static final String LEGACY_CHANGES_TOPIC_CONFIG = "tandem.checker.topic.legacy-changes";
    public static final String DEFAULT_LEGACY_CHANGES_TOPIC = "tandem.changes.legacy";
    private static final String LEGACY_CHANGES_TOPIC_DOC = "Canonical change events of the legacy store, keyed by token id.";

    public static final String ENGINE_CHANGES_TOPIC_CONFIG = "tandem.checker.topic.engine-changes";
    public static final String DEFAULT_ENGINE_CHANGES_TOPIC = "tandem.changes.engine";
    private static final String ENGINE_CHANGES_TOPIC_DOC = "Canonical change events of the new engine, keyed by token id.";

    public static final String DEAD_LETTER_TOPIC_CONFIG = "tandem.checker.topic.dead-letter";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "tandem.changes.dead-letter";
    private static final String DEAD_LETTER_TOPIC_DOC = "Changes that could not be parsed or mapped, with the reason"
            + " (never a blob or a secret).";

    public static final String DIVERGENCE_TOPIC_CONFIG = "tandem.checker.topic.divergence";
    public static final String DEFAULT_DIVERGENCE_TOPIC = "tandem.divergence";
    private static final String DIVERGENCE_TOPIC_DOC = "Settled divergence verdicts (compacted), keyed by token id;"
            + " a tombstone when the id matches again.";

    public static final String STATUS_TOPIC_CONFIG = "tandem.checker.topic.status";
    public static final String DEFAULT_STATUS_TOPIC = "tandem.checker.status";
    private static final String STATUS_TOPIC_DOC = "Checker status (compacted), keyed by instance id.";

    // --- CDC: legacy store (MariaDB) -----------------------------------------------------------

    public static final String LEGACY_HOST_CONFIG = "tandem.checker.legacy.host";
    public static final String DEFAULT_LEGACY_HOST = "127.0.0.1";
    private static final String LEGACY_HOST_DOC = "Legacy MariaDB host.";

    public static final String LEGACY_PORT_CONFIG = "tandem.checker.legacy.port";
    public static final int DEFAULT_LEGACY_PORT = 33306;
    private static final String LEGACY_PORT_DOC = "Legacy MariaDB port.";

    public static final String LEGACY_DATABASE_CONFIG = "tandem.checker.legacy.database";
    public static final String DEFAULT_LEGACY_DATABASE = "tandem_legacy";
    private static final String LEGACY_DATABASE_DOC = "Legacy database that holds the hydra_oauth2_* tables.";

    public static final String LEGACY_USER_CONFIG = "tandem.checker.legacy.user";
    public static final String DEFAULT_LEGACY_USER = "tandem";
    private static final String LEGACY_USER_DOC = "Legacy login; needs REPLICATION SLAVE, REPLICATION CLIENT,"
            + " BINLOG MONITOR, RELOAD, SELECT, LOCK TABLES, SHOW DATABASES, and CREATE, INSERT, UPDATE on the"
            + " capture's heartbeat table tandem_heartbeat of the legacy database.";

    public static final String LEGACY_PASSWORD_CONFIG = "tandem.checker.legacy.password";
    public static final String DEFAULT_LEGACY_PASSWORD = "tandem";
    private static final String LEGACY_PASSWORD_DOC = "Password of the legacy login (never logged).";

    public static final String LEGACY_SERVER_ID_CONFIG = "tandem.checker.legacy.server-id";
    public static final long DEFAULT_LEGACY_SERVER_ID = 184_101L;
    private static final String LEGACY_SERVER_ID_DOC = "The replica server id the binlog reader presents to MariaDB."
            + " Unique among all replicas and binlog readers of that server, or the server drops one of them.";

    public static final String LEGACY_SERVER_NAME_CONFIG = "tandem.checker.legacy.server-name";
    public static final String DEFAULT_LEGACY_SERVER_NAME = "tandem-legacy";
    private static final String LEGACY_SERVER_NAME_DOC = "Debezium's logical name (topic.prefix) of the legacy"
            + " capture: it keys the stored offsets, so changing it starts the capture afresh.";

    // --- CDC: new engine (PostgreSQL) ----------------------------------------------------------

    public static final String ENGINE_HOST_CONFIG = "tandem.checker.engine.host";
    public static final String DEFAULT_ENGINE_HOST = "127.0.0.1";
    private static final String ENGINE_HOST_DOC = "Engine PostgreSQL host.";

    public static final String ENGINE_PORT_CONFIG = "tandem.checker.engine.port";
    public static final int DEFAULT_ENGINE_PORT = 55432;
    private static final String ENGINE_PORT_DOC = "Engine PostgreSQL port.";

    public static final String ENGINE_DATABASE_CONFIG = "tandem.checker.engine.database";
    public static final String DEFAULT_ENGINE_DATABASE = "tandem_engine";
    private static final String ENGINE_DATABASE_DOC = "Engine database that holds oauth_token.";

    public static final String ENGINE_USER_CONFIG = "tandem.checker.engine.user";
    public static final String DEFAULT_ENGINE_USER = "tandem";
    private static final String ENGINE_USER_DOC = "Engine login; needs the REPLICATION attribute, the right to"
            + " create a publication on oauth_token and tandem_heartbeat, and CREATE, INSERT, UPDATE on the capture's"
            + " heartbeat table public.tandem_heartbeat.";

    public static final String ENGINE_PASSWORD_CONFIG = "tandem.checker.engine.password";
    public static final String DEFAULT_ENGINE_PASSWORD = "tandem";
    private static final String ENGINE_PASSWORD_DOC = "Password of the engine login (never logged).";

    public static final String ENGINE_SLOT_NAME_CONFIG = "tandem.checker.engine.slot-name";
    public static final String DEFAULT_ENGINE_SLOT_NAME = "tandem_checker";
    private static final String ENGINE_SLOT_NAME_DOC = "The logical replication slot of the engine capture. The slot"
            + " keeps WAL until the capture confirms it: drop it (pg_drop_replication_slot) when a capture is retired.";

    public static final String ENGINE_PUBLICATION_NAME_CONFIG = "tandem.checker.engine.publication-name";
    public static final String DEFAULT_ENGINE_PUBLICATION_NAME = "tandem_checker";
    private static final String ENGINE_PUBLICATION_NAME_DOC = "The pgoutput publication (created on oauth_token and"
            + " tandem_heartbeat when absent, and brought to those two tables at each start).";

    public static final String ENGINE_SERVER_NAME_CONFIG = "tandem.checker.engine.server-name";
    public static final String DEFAULT_ENGINE_SERVER_NAME = "tandem-engine";
    private static final String ENGINE_SERVER_NAME_DOC = "Debezium's logical name (topic.prefix) of the engine capture;"
            + " it keys the stored offsets.";

    // --- CDC: tuning -----------------------------------------------------------------------------

    public static final String CDC_POLL_INTERVAL_MS_CONFIG = "tandem.checker.cdc.poll-interval-ms";
    public static final long DEFAULT_CDC_POLL_INTERVAL_MS = 100L;
    private static final String CDC_POLL_INTERVAL_MS_DOC = "How long Debezium waits for more changes before it hands"
            + " over a batch. Commit-to-topic latency is about this plus one Kafka round trip (Debezium's own 500"
            + " gives 0.5 to 1 s). Each capture's engine wakes this often while its store is quiet: at 10 ms the two"
            + " cost an idle checker about 16% of a core, at 50 ms 3.4%, at 100 ms 1.7%.";

    public static final String CDC_OFFSET_FLUSH_INTERVAL_MS_CONFIG = "tandem.checker.cdc.offset-flush-interval-ms";
    public static final long DEFAULT_CDC_OFFSET_FLUSH_INTERVAL_MS = 5_000L;
    private static final String CDC_OFFSET_FLUSH_INTERVAL_MS_DOC = "How often source offsets are written to the state"
            + " directory. A crash replays at most this much of the stream (delivery is at-least-once, and the check"
            + " is idempotent by store position). Each save is a write, an fsync and a rename: once a second they"
            + " cost an idle checker 2.3% of a core, since every heartbeat moves the offsets.";

    public static final String CDC_HEARTBEAT_INTERVAL_MS_CONFIG = "tandem.checker.cdc.heartbeat-interval-ms";
    public static final long DEFAULT_CDC_HEARTBEAT_INTERVAL_MS = 3_000L;
    private static final String CDC_HEARTBEAT_INTERVAL_MS_DOC = "How often each capture writes its heartbeat row"
            + " (table tandem_heartbeat, created when absent, in the legacy and in the engine database) and publishes"
            + " its change to every partition of its change topic; also Debezium's heartbeat.interval.ms. The check"
            + " reads it too: a partition read to its end counts as caught up (lag 0) only while its newest event,"
            + " heartbeats included, is at most twice this plus one second old, so a paused store or a dead capture"
            + " shows as growing lag. Set the same value for both roles. Each heartbeat is a transaction"
            + " of the check under exactly-once: at 1 s they were about a quarter of an idle checker's cost.";

    // --- check: the streaming comparison (dev.tandem.checker.verdict) ---------------------------

    public static final String CHECK_APPLICATION_ID_CONFIG = "tandem.checker.check.application-id";
    public static final String DEFAULT_CHECK_APPLICATION_ID = "tandem-checker";
    private static final String CHECK_APPLICATION_ID_DOC = "Kafka Streams application.id of the check: its consumer"
            + " group and the prefix of its changelog topics. Instances sharing it split the partitions between them;"
            + " changing it starts the check afresh from the beginning of the change topics.";

    public static final String GRACE_MS_CONFIG = "tandem.checker.grace-ms";
    public static final long DEFAULT_GRACE_MS = 1_500L;
    private static final String GRACE_MS_DOC = "How long a divergence stays pending before it settles: room for the"
            + " mirror write and its capture to arrive. It settles only once both change streams are also read past"
            + " its commit plus this window.";

    public static final String METRICS_PORT_CONFIG = "tandem.checker.metrics-port";
    public static final int DEFAULT_METRICS_PORT = 9410;
    private static final String METRICS_PORT_DOC = "Port of the process's /metrics (Prometheus text) and /health; 0"
            + " takes any free port (logged), -1 serves neither.";

    public static final String CHECK_PUNCTUATE_INTERVAL_MS_CONFIG = "tandem.checker.check.punctuate-interval-ms";
    public static final long DEFAULT_CHECK_PUNCTUATE_INTERVAL_MS = 500L;
    private static final String CHECK_PUNCTUATE_INTERVAL_MS_DOC = "How often the check looks for pending ids whose"
            + " grace window has passed (wall clock). Adds up to this much to the time a divergence takes to settle.";

    public static final String CHECK_COMMIT_INTERVAL_MS_CONFIG = "tandem.checker.check.commit-interval-ms";
    public static final long DEFAULT_CHECK_COMMIT_INTERVAL_MS = 1_000L;
    private static final String CHECK_COMMIT_INTERVAL_MS_DOC = "Kafka Streams commit.interval.ms. Under exactly-once,"
            + " verdicts become visible to read_committed consumers at each commit, and each commit is a transaction"
            + " that the stream thread waits for (four broker round trips, more on a busy broker): at 100 ms the check"
            + " spent half its time waiting for commits while catching up on a 100,000-row snapshot, and an idle"
            + " checker committed ten transactions a second.";

    public static final String CHECK_PROCESSING_GUARANTEE_CONFIG = "tandem.checker.check.processing-guarantee";
    public static final String DEFAULT_CHECK_PROCESSING_GUARANTEE = "exactly_once_v2";
    private static final String CHECK_PROCESSING_GUARANTEE_DOC = "Kafka Streams processing.guarantee. exactly_once_v2"
            + " commits state, verdicts and input offsets atomically, so a crash cannot leave the settled counts out of"
            + " step with the ids; consumers of the divergence topic should read with isolation.level=read_committed.";

    public static final String CHECK_STATUS_INTERVAL_MS_CONFIG = "tandem.checker.check.status-interval-ms";
    public static final long DEFAULT_CHECK_STATUS_INTERVAL_MS = 250L;
    private static final String CHECK_STATUS_INTERVAL_MS_DOC = "How often the instance publishes its status record."
            + " A switch of the primary waits for a status that shows both streams read past its drain, so this is"
            + " part of the write pause of a switch (at 1,000 the pause's p99 was over a second).";

    public static final String CHECK_PURGE_AFTER_MS_CONFIG = "tandem.checker.check.purge-after-ms";
    public static final long DEFAULT_CHECK_PURGE_AFTER_MS = 3_600_000L;
    private static final String CHECK_PURGE_AFTER_MS_DOC = "How long the check remembers an id deleted from both"
            + " stores, so that an older change replayed after a capture restart cannot bring it back.";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(ROLES_CONFIG, Type.LIST, DEFAULT_ROLES, ValidList.in(ROLE_CDC, ROLE_CHECK), Importance.HIGH, ROLES_DOC)
            .define(INSTANCE_ID_CONFIG, Type.STRING, DEFAULT_INSTANCE_ID, new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.HIGH, INSTANCE_ID_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, DEFAULT_STATE_DIR, new ConfigDef.NonEmptyString(), Importance.HIGH, STATE_DIR_DOC)
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, DEFAULT_BOOTSTRAP_SERVERS, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(TOPIC_PARTITIONS_CONFIG, Type.INT, DEFAULT_TOPIC_PARTITIONS, Range.between(1, 10_000), Importance.MEDIUM,
                    TOPIC_PARTITIONS_DOC)
            .define(TOPIC_REPLICATION_FACTOR_CONFIG, Type.SHORT, DEFAULT_TOPIC_REPLICATION_FACTOR, Range.between(1, 32),
                    Importance.MEDIUM, TOPIC_REPLICATION_FACTOR_DOC)
            .define(LEGACY_CHANGES_TOPIC_CONFIG, Type.STRING, DEFAULT_LEGACY_CHANGES_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, LEGACY_CHANGES_TOPIC_DOC)
            .define(ENGINE_CHANGES_TOPIC_CONFIG, Type.STRING, DEFAULT_ENGINE_CHANGES_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, ENGINE_CHANGES_TOPIC_DOC)
            .define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, DEFAULT_DEAD_LETTER_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, DEAD_LETTER_TOPIC_DOC)
            .define(DIVERGENCE_TOPIC_CONFIG, Type.STRING, DEFAULT_DIVERGENCE_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, DIVERGENCE_TOPIC_DOC)
            .define(STATUS_TOPIC_CONFIG, Type.STRING, DEFAULT_STATUS_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, STATUS_TOPIC_DOC)
            .define(LEGACY_HOST_CONFIG, Type.STRING, DEFAULT_LEGACY_HOST, new ConfigDef.NonEmptyString(), Importance.HIGH, LEGACY_HOST_DOC)
            .define(LEGACY_PORT_CONFIG, Type.INT, DEFAULT_LEGACY_PORT, Range.between(1, 65_535), Importance.HIGH, LEGACY_PORT_DOC)
            .define(LEGACY_DATABASE_CONFIG, Type.STRING, DEFAULT_LEGACY_DATABASE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, LEGACY_DATABASE_DOC)
            .define(LEGACY_USER_CONFIG, Type.STRING, DEFAULT_LEGACY_USER, new ConfigDef.NonEmptyString(), Importance.HIGH, LEGACY_USER_DOC)
            .define(LEGACY_PASSWORD_CONFIG, Type.PASSWORD, DEFAULT_LEGACY_PASSWORD, Importance.HIGH, LEGACY_PASSWORD_DOC)
            .define(LEGACY_SERVER_ID_CONFIG, Type.LONG, DEFAULT_LEGACY_SERVER_ID, Range.between(1, 4_294_967_295L),
                    Importance.HIGH, LEGACY_SERVER_ID_DOC)
            .define(LEGACY_SERVER_NAME_CONFIG, Type.STRING, DEFAULT_LEGACY_SERVER_NAME, new LogicalName(),
                    Importance.MEDIUM, LEGACY_SERVER_NAME_DOC)
            .define(ENGINE_HOST_CONFIG, Type.STRING, DEFAULT_ENGINE_HOST, new ConfigDef.NonEmptyString(), Importance.HIGH, ENGINE_HOST_DOC)
            .define(ENGINE_PORT_CONFIG, Type.INT, DEFAULT_ENGINE_PORT, Range.between(1, 65_535), Importance.HIGH, ENGINE_PORT_DOC)
            .define(ENGINE_DATABASE_CONFIG, Type.STRING, DEFAULT_ENGINE_DATABASE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, ENGINE_DATABASE_DOC)
            .define(ENGINE_USER_CONFIG, Type.STRING, DEFAULT_ENGINE_USER, new ConfigDef.NonEmptyString(), Importance.HIGH, ENGINE_USER_DOC)
            .define(ENGINE_PASSWORD_CONFIG, Type.PASSWORD, DEFAULT_ENGINE_PASSWORD, Importance.HIGH, ENGINE_PASSWORD_DOC)
            .define(ENGINE_SLOT_NAME_CONFIG, Type.STRING, DEFAULT_ENGINE_SLOT_NAME, new PostgresName(), Importance.HIGH,
                    ENGINE_SLOT_NAME_DOC)
            .define(ENGINE_PUBLICATION_NAME_CONFIG, Type.STRING, DEFAULT_ENGINE_PUBLICATION_NAME, new PostgresName(),
                    Importance.MEDIUM, ENGINE_PUBLICATION_NAME_DOC)
            .define(ENGINE_SERVER_NAME_CONFIG, Type.STRING, DEFAULT_ENGINE_SERVER_NAME, new LogicalName(),
                    Importance.MEDIUM, ENGINE_SERVER_NAME_DOC)
            .define(CDC_POLL_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_CDC_POLL_INTERVAL_MS, Range.between(1, 60_000),
                    Importance.MEDIUM, CDC_POLL_INTERVAL_MS_DOC)
            .define(CDC_OFFSET_FLUSH_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_CDC_OFFSET_FLUSH_INTERVAL_MS,
                    Range.between(10, 600_000), Importance.LOW, CDC_OFFSET_FLUSH_INTERVAL_MS_DOC)
            .define(CDC_HEARTBEAT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_CDC_HEARTBEAT_INTERVAL_MS,
                    Range.between(100, 3_600_000), Importance.LOW, CDC_HEARTBEAT_INTERVAL_MS_DOC)
            .define(CHECK_APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_CHECK_APPLICATION_ID, new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.MEDIUM, CHECK_APPLICATION_ID_DOC)
            .define(GRACE_MS_CONFIG, Type.LONG, DEFAULT_GRACE_MS, Range.between(0, 3_600_000), Importance.HIGH, GRACE_MS_DOC)
            .define(METRICS_PORT_CONFIG, Type.INT, DEFAULT_METRICS_PORT, Range.between(-1, 65_535), Importance.MEDIUM, METRICS_PORT_DOC)
            .define(CHECK_PUNCTUATE_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_CHECK_PUNCTUATE_INTERVAL_MS, Range.between(10, 60_000),
                    Importance.LOW, CHECK_PUNCTUATE_INTERVAL_MS_DOC)
            .define(CHECK_COMMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_CHECK_COMMIT_INTERVAL_MS, Range.between(1, 60_000),
                    Importance.LOW, CHECK_COMMIT_INTERVAL_MS_DOC)
            .define(CHECK_PROCESSING_GUARANTEE_CONFIG, Type.STRING, DEFAULT_CHECK_PROCESSING_GUARANTEE,
                    ConfigDef.ValidString.in("exactly_once_v2", "at_least_once"), Importance.MEDIUM, CHECK_PROCESSING_GUARANTEE_DOC)
            .define(CHECK_STATUS_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_CHECK_STATUS_INTERVAL_MS, Range.between(100, 600_000),
                    Importance.LOW, CHECK_STATUS_INTERVAL_MS_DOC)
            .define(CHECK_PURGE_AFTER_MS_CONFIG, Type.LONG, DEFAULT_CHECK_PURGE_AFTER_MS, Range.between(0, Long.MAX_VALUE),
                    Importance.LOW, CHECK_PURGE_AFTER_MS_DOC);

    private CheckerConfig(Map<String, ?> values) {
        super(DEFINITION, values, false);
    }

    /** The configuration from system properties, environment and defaults. */
    public static CheckerConfig fromEnvironment() {
        return from(Map.of());
    }

    /**
     * The configuration with {@code overrides} on top of system properties, environment and defaults.
     *
     * @throws ConfigException naming key, value and what is valid
     */
    public static CheckerConfig from(Map<String, String> overrides) {
        Map<String, Object> values = new HashMap<>();
        for (String key : DEFINITION.names()) {
            String value = overrides.get(key);
            if (value == null) {
                value = System.getProperty(key);
            }
            if (value == null) {
                value = System.getenv(envName(key));
            }
            if (value != null) {
                values.put(key, value);
            }
        }
        for (String key : overrides.keySet()) {
            if (!DEFINITION.names().contains(key)) {
                throw new ConfigException(key, overrides.get(key),
                        "not a checker setting (see CheckerConfig.reference())");
            }
        }
        return new CheckerConfig(values);
    }

    /** The environment variable of a key: {@code tandem.checker.state-dir} is {@code TANDEM_CHECKER_STATE_DIR}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every key with its type, default, valid values and doc: the configuration reference, generated. */
    public static String reference() {
        return DEFINITION.toRst();
    }

    /** The definitions, for tools and for the test that every key is documented. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    public boolean runs(String role) {
        return getList(ROLES_CONFIG).contains(role);
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR_CONFIG));
    }

    /** A password's value; {@link Password#toString()} hides it, so only this method reveals it. */
    public String password(String key) {
        return getPassword(key).value();
    }

    /** Debezium's logical names (topic.prefix): letters, digits, '.', '_' and '-', which also keeps them safe in JMX names. */
    private static final class LogicalName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = (String) value;
            if (text == null || !text.matches("[A-Za-z0-9._-]{1,200}")) {
                throw new ConfigException(name, value,
                        "valid: 1 to 200 letters, digits, '.', '_' and '-'");
            }
        }

        @Override
        public String toString() {
            return "[A-Za-z0-9._-]{1,200}";
        }
    }

    /** Slot and publication names: PostgreSQL takes lowercase letters, digits and underscores, at most 63. */
    private static final class PostgresName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = (String) value;
            if (text == null || !text.matches("[a-z0-9_]{1,63}")) {
                throw new ConfigException(name, value,
                        "valid: 1 to 63 lowercase letters, digits and underscores");
            }
        }

        @Override
        public String toString() {
            return "[a-z0-9_]{1,63}";
        }
    }
}
