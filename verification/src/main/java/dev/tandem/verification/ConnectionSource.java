package dev.tandem.verification;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the verifier gets its JDBC connections: one per worker and side, held for a run. A Quarkus
 * application can pass {@code dataSource::getConnection}; tools use {@link #jdbc}.
 */
@FunctionalInterface
public interface ConnectionSource {

    /** A new connection; the caller closes it. */
    Connection open() throws SQLException;

    /**
     * Connections to a {@code jdbc:mariadb://} or {@code jdbc:postgresql://} URL. The driver is loaded
     * by this library's class loader rather than looked up in DriverManager, which in an application
     * server may only know the drivers of another class loader.
     */
    static ConnectionSource jdbc(String url, String user, String password) {
        Objects.requireNonNull(user, "user");
        String driverClass;
        if (url != null && url.startsWith("jdbc:mariadb://")) {
            driverClass = "org.mariadb.jdbc.Driver";
        } else if (url != null && url.startsWith("jdbc:postgresql://")) {
            driverClass = "org.postgresql.Driver";
        } else {
            throw new IllegalArgumentException("url: " + (url == null ? "missing" : "\"" + url + "\"")
                    + " is not a database URL (valid: jdbc:mariadb://host:port/db or jdbc:postgresql://host:port/db)");
        }
        return () -> {
            Driver driver;
            try {
                driver = (Driver) Class.forName(driverClass, true, ConnectionSource.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new SQLException("cannot load the JDBC driver " + driverClass, e);
            }
            Properties login = new Properties();
            login.setProperty("user", user);
            login.setProperty("password", password == null ? "" : password);
            Connection connection = driver.connect(url, login);
            if (connection == null) {
                throw new SQLException("the driver " + driverClass + " does not accept " + url);
            }
            return connection;
        };
    }
}
