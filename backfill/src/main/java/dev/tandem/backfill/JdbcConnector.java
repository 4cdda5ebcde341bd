package dev.tandem.backfill;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a JDBC connection to one database; the caller closes it. {@code dataSource::getConnection}
 * fits, and so does a {@link java.sql.DriverManager} call.
 */
@FunctionalInterface
public interface JdbcConnector {
    Connection connect() throws SQLException;
}
