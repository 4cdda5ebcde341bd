package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.SourcePosition;
import dev.tandem.legacy.schema.LegacyTable;
import org.apache.kafka.connect.data.Struct;

import java.time.Clock;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Change capture of the legacy store: Debezium's MariaDB connector on the binlog, the three token
 * tables and the capture's heartbeat table {@code tandem_heartbeat} ({@link HeartbeatWriter}: Tandem's
 * only write into the legacy database outside the token tables), published to the legacy change topic. Every writer's changes are captured, not just
 * Tandem's: the old server, a cleanup job deleting expired rows, a hand-run {@code UPDATE}.
 *
 * <p>Positions are {@link BinlogPosition}s: file, position and row of the binlog event. MariaDB's
 * binlog keeps commit times in whole seconds, so {@code committedAtMs} of legacy events always ends
 * in 000, and two changes of one row within a second are ordered by their position alone.
 *
 * <p>The schema history (which the connector needs to decode rows after a restart) lives beside the
 * offsets in {@code <state-dir>/cdc}.
 */
public final class LegacyCapture extends Capture {
    /**
     * How long the binlog client goes without an event before it takes its connection for lost and
     * reconnects (Debezium's {@code connect.keep.alive.interval.ms}; the server's binlog heartbeat is
     * asked for at 0.8 of it, so an idle healthy connection always has events). Debezium's default of
     * a minute left the capture blind for up to two after a MariaDB crash and restart: the client's
     * socket closed, nothing reported an error, and only the keep-alive thread reconnects. Meanwhile
     * the check saw none of legacy's changes, so divergence that the repair had already converged
     * stayed settled (issue 10's rehearsal: settled divergence not zero 90 s after the load stopped).
     */
    static final long BINLOG_KEEP_ALIVE_MS = 5_000;

    LegacyCapture(CheckerConfig config, ChangePublisher publisher, CdcMetrics metrics, Clock clock) {
        super(properties(config), new LegacyChangeMapper(), publisher,
                config.getString(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG), config, metrics, clock,
                HeartbeatWriter.legacy(config, clock));
    }

    static Properties properties(CheckerConfig config) {
        String serverName = config.getString(CheckerConfig.LEGACY_SERVER_NAME_CONFIG);
        String database = config.getString(CheckerConfig.LEGACY_DATABASE_CONFIG);
        Properties properties = commonProperties(config, serverName);
        properties.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        properties.setProperty("database.hostname", config.getString(CheckerConfig.LEGACY_HOST_CONFIG));
        properties.setProperty("database.port", Integer.toString(config.getInt(CheckerConfig.LEGACY_PORT_CONFIG)));
        properties.setProperty("database.user", config.getString(CheckerConfig.LEGACY_USER_CONFIG));
        properties.setProperty("database.password", config.password(CheckerConfig.LEGACY_PASSWORD_CONFIG));
        properties.setProperty("database.server.id", Long.toString(config.getLong(CheckerConfig.LEGACY_SERVER_ID_CONFIG)));
        properties.setProperty("database.include.list", Pattern.quote(database));
        // Include lists are regular expressions over "<database>.<table>": quote the names.
        properties.setProperty("table.include.list", Stream.concat(
                        Arrays.stream(LegacyTable.values()).map(LegacyTable::tableName), Stream.of(HeartbeatWriter.TABLE))
                .map(table -> Pattern.quote(database) + "\\." + Pattern.quote(table))
                .collect(Collectors.joining(",")));
        properties.setProperty("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
        properties.setProperty("schema.history.internal.file.filename",
                cdcDirectory(config).resolve(serverName + ".schema-history").toString());
        properties.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        properties.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        properties.setProperty("include.schema.changes", "false");
        // No global read lock on the legacy primary at the first start: the old server keeps writing.
        // The snapshot reads in one consistent transaction (REPEATABLE READ) and the binlog position is
        // taken with it, so a change during the snapshot comes once, from the binlog.
        properties.setProperty("snapshot.locking.mode", "none");
        properties.setProperty("connect.keep.alive", "true");
        properties.setProperty("connect.keep.alive.interval.ms", Long.toString(BINLOG_KEEP_ALIVE_MS));
        return properties;
    }

    @Override
    SourcePosition position(Struct source) {
        Object row = source.schema().field("row") == null ? null : source.get("row");
        return new BinlogPosition(source.getString("file"), source.getInt64("pos"),
                row instanceof Number number ? Math.max(0, number.intValue()) : 0);
    }
}
