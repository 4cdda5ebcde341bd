package dev.tandem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Where one test database lives and how to log in to it.
 *
 * @param flavor   which server speaks at {@code host:port}
 * @param host     host name or address, never blank
 * @param port     TCP port, 1 to 65535
 * @param database database (schema) name, never blank
 * @param user     login
 * @param password password of {@code user}; left out of {@link #toString()}
 */
public record DatabaseEndpoint(Flavor flavor, String host, int port, String database, String user, String password) {

    /** The two servers Tandem migrates between. */
    public enum Flavor {
        /** The legacy store. */
        MARIADB("mariadb"),
        /** The new engine. */
        POSTGRESQL("postgresql");

        private final String jdbcScheme;

        Flavor(String jdbcScheme) {
            this.jdbcScheme = jdbcScheme;
        }
    }

    public DatabaseEndpoint {
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("invalid host '" + host + "' (valid: a host name or address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " (valid: 1 to 65535)");
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("invalid database '" + database + "' (valid: a database name)");
        }
    }

    /** {@code jdbc:mariadb://host:port/database} or {@code jdbc:postgresql://host:port/database}. */
    public String jdbcUrl() {
        return "jdbc:" + flavor.jdbcScheme + "://" + host + ":" + port + "/" + database;
    }

    /** The same server and login, another database on it. */
    public DatabaseEndpoint withDatabase(String database) {
        return new DatabaseEndpoint(flavor, host, port, database, user, password);
    }

    /** A new JDBC connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Names the database and the user, never the password: endpoints end up in test logs. */
    @Override
    public String toString() {
        return jdbcUrl() + " (user " + user + ")";
    }
}
