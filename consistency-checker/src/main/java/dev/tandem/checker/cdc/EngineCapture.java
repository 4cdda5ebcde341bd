package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.Lsn;
import dev.tandem.contract.change.SourcePosition;
import org.apache.kafka.connect.data.Struct;

import java.time.Clock;
import java.util.Properties;

/**
 * Change capture of the new engine: Debezium's PostgreSQL connector with {@code pgoutput} on a named
 * slot and a publication of {@code oauth_token} and the capture's heartbeat table
 * {@code tandem_heartbeat} ({@link HeartbeatWriter}) only, published to the engine change topic. The
 * token table's {@code REPLICA IDENTITY FULL} (set by the engine's migration) gives deletes their
 * whole before-image; the heartbeat table needs none (only its after-image is read). The publication
 * is {@code filtered}: created for those two tables when absent, and brought to them at each start.
 *
 * <p>Positions are {@link Lsn}s, shown in PostgreSQL's notation ({@code 16/B374D848}). The slot outlives the
 * process and holds WAL until the capture confirms it: retire a capture by dropping its slot.
 */
public final class EngineCapture extends Capture {
    static final String SCHEMA = "public";

    EngineCapture(CheckerConfig config, ChangePublisher publisher, CdcMetrics metrics, Clock clock) {
        super(properties(config), new EngineChangeMapper(), publisher,
                config.getString(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG), config, metrics, clock,
                HeartbeatWriter.engine(config, clock));
    }

    static Properties properties(CheckerConfig config) {
        Properties properties = commonProperties(config, config.getString(CheckerConfig.ENGINE_SERVER_NAME_CONFIG));
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("database.hostname", config.getString(CheckerConfig.ENGINE_HOST_CONFIG));
        properties.setProperty("database.port", Integer.toString(config.getInt(CheckerConfig.ENGINE_PORT_CONFIG)));
        properties.setProperty("database.user", config.getString(CheckerConfig.ENGINE_USER_CONFIG));
        properties.setProperty("database.password", config.password(CheckerConfig.ENGINE_PASSWORD_CONFIG));
        properties.setProperty("database.dbname", config.getString(CheckerConfig.ENGINE_DATABASE_CONFIG));
        properties.setProperty("slot.name", config.getString(CheckerConfig.ENGINE_SLOT_NAME_CONFIG));
        properties.setProperty("publication.name", config.getString(CheckerConfig.ENGINE_PUBLICATION_NAME_CONFIG));
        properties.setProperty("publication.autocreate.mode", "filtered");
        properties.setProperty("table.include.list", SCHEMA + "\\." + EngineChangeMapper.TABLE + ","
                + SCHEMA + "\\." + HeartbeatWriter.TABLE);
        return properties;
    }

    @Override
    SourcePosition position(Struct source) {
        Long lsn = source.getInt64("lsn");
        return lsn == null ? null : new Lsn(lsn);
    }
}
