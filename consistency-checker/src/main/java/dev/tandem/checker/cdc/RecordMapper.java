package dev.tandem.checker.cdc;

import dev.tandem.contract.change.DeadLetter;
import dev.tandem.contract.change.SourcePosition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Clock;
import java.util.function.Function;

/**
 * A Debezium record to what the capture publishes: a change event (a heartbeat for a change of the
 * capture's heartbeat table), a dead letter, or nothing (for Debezium's own heartbeat records and
 * other records that are not row changes). Whatever the record holds, this answers:
 * a record it cannot even read becomes a dead letter, so that no record can stop the stream by
 * failing again on every restart.
 */
final class RecordMapper {
    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

    private final ChangeMapper mapper;
    private final Function<Struct, SourcePosition> position;
    private final Clock clock;

    RecordMapper(ChangeMapper mapper, Function<Struct, SourcePosition> position, Clock clock) {
        this.mapper = mapper;
        this.position = position;
        this.clock = clock;
    }

    /** Null when the record is not a row change and is skipped. */
    ChangeMapper.Mapped map(SourceRecord record) {
        if (record.topic() != null && record.topic().startsWith(HEARTBEAT_TOPIC_PREFIX)) {
            return null;
        }
        try {
            RowChange change = RowChange.of(record, position);
            return change == null ? null : mapper.map(change, clock.millis());
        } catch (RuntimeException e) {
            // Type only: a parser's message may quote the value it choked on. The source offset is positions only.
            return ChangeMapper.Mapped.deadLetter(new DeadLetter(mapper.store(), null, null,
                    "change event cannot be read: unexpected " + e.getClass().getName(),
                    String.valueOf(record.sourceOffset()), 0, clock.millis()));
        }
    }
}
