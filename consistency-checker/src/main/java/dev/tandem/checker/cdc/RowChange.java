package dev.tandem.checker.cdc;

import dev.tandem.contract.change.SourcePosition;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * One row change as Debezium reported it, in plain Java values and independent of the connector:
 * what the mappers of both stores take. Column values are as Debezium's default converters give
 * them ({@code TIMESTAMP}/{@code TIMESTAMPTZ} as ISO-8601 text, arrays as lists, {@code TINYINT(1)}
 * as a short, {@code TEXT} as a string).
 *
 * @param table         the source table
 * @param op            Debezium's operation: {@code c} create, {@code u} update, {@code d} delete, {@code r} read
 * @param before        column values before the change; null for a create
 * @param after         column values after the change; null for a delete
 * @param committedAtMs the source commit time ({@code source.ts_ms}; MariaDB keeps whole seconds); 0 when the
 *                      record has none (Debezium always sets one), which the check never takes for a watermark
 * @param position      where the change sits in its store's log; null when the record has no source block
 */
record RowChange(String table, String op, Map<String, Object> before, Map<String, Object> after,
                 long committedAtMs, SourcePosition position) {

    static final String CREATE = "c";
    static final String UPDATE = "u";
    static final String DELETE = "d";
    static final String READ = "r";

    boolean isDelete() {
        return DELETE.equals(op);
    }

    /**
     * The row change a Debezium data change record carries; null for any other record (heartbeats,
     * schema changes, transaction markers), which a capture skips.
     *
     * @param position reads the store's position out of the {@code source} block
     */
    static RowChange of(SourceRecord record, java.util.function.Function<Struct, SourcePosition> position) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return null;
        }
        Struct source = value.getStruct("source");
        Long committedAt = source == null ? null : source.getInt64("ts_ms");
        return new RowChange(
                source == null ? null : source.getString("table"),
                value.getString("op"),
                columns(value.getStruct("before")),
                columns(value.getStruct("after")),
                committedAt == null ? 0 : committedAt,
                source == null ? null : position.apply(source));
    }

    private static Map<String, Object> columns(Struct row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> columns = new HashMap<>();
        for (Field field : row.schema().fields()) {
            columns.put(field.name(), row.get(field));
        }
        return columns;
    }

    /** Names the table, operation and position only: the column values may hold secrets. */
    @Override
    public String toString() {
        return "RowChange[" + table + " " + op + " at " + position + "]";
    }
}
