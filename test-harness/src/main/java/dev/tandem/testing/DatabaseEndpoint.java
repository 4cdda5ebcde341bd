package dev.tandem.testing;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

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
        MARIADB("mariadb", "org.mariadb.jdbc.Driver"),
        /** The new engine. */
        POSTGRESQL("postgresql", "org.postgresql.Driver");

        private final String jdbcScheme;
        private final String driverClass;

        Flavor(String jdbcScheme, String driverClass) {
            this.jdbcScheme = jdbcScheme;
            this.driverClass = driverClass;
        }

        /**
         * The JDBC driver, loaded by this class's own class loader rather than found through
         * DriverManager: in a JVM where a {@code @QuarkusTest} ran first, DriverManager knows only
         * the drivers of Quarkus's class loader and answers "No suitable driver" to everyone else.
         */
        Driver driver() throws SQLException {
            try {
                return (Driver) Class.forName(driverClass, true, DatabaseEndpoint.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new SQLException("cannot load the JDBC driver " + driverClass, e);
            }
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
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        Connection connection = flavor.driver().connect(jdbcUrl(), login);
        if (connection == null) {
            throw new SQLException("the " + flavor + " driver does not accept " + jdbcUrl());
        }
        return connection;
    }

    /** Names the database and the user, never the password: endpoints end up in test logs. */
    @Override
    public String toString() {
        return jdbcUrl() + " (user " + user + ")";
    }
}
