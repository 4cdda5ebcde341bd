package dev.tandem.legacy.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The legacy server's schema as it exists before Tandem: the DDL in {@code legacy/hydra-schema.sql}.
 * Creates what is missing and leaves existing tables alone, so it is safe on a live database. Used by
 * tests, the local stack and the seeder; production databases already have it.
 */
public final class LegacySchema {
    /** Class-path location of the DDL. */
    public static final String DDL_RESOURCE = "legacy/hydra-schema.sql";

    private LegacySchema() {
    }

    /** Creates the three token tables in the connection's current database where they are absent. */
    public static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : statements()) {
                statement.execute(ddl);
            }
        }
    }

    /** The DDL statements, comments stripped, in order. */
    public static List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : ddlText().split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.substring(0, current.lastIndexOf(";")).strip());
                current.setLength(0);
            }
        }
        return statements;
    }

    private static String ddlText() {
        try (InputStream in = LegacySchema.class.getClassLoader().getResourceAsStream(DDL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DDL_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DDL_RESOURCE, e);
        }
    }
}
