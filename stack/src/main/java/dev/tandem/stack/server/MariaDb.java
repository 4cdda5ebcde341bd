package dev.tandem.stack.server;

import dev.tandem.stack.os.Command;
import dev.tandem.stack.os.Host;
import dev.tandem.stack.os.Processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MariaDB, the legacy store: a private instance under DIR/mariadb with its own my.cnf. Binlog in ROW
 * format with full row images because Debezium reads every legacy change from it.
 */
public final class MariaDb extends Server {

    public static final String DB = "tandem_legacy";
    public static final String USER = "tandem";
    public static final String PASSWORD = "tandem";

    private static final int READY_SECONDS = 120;

    public MariaDb(StackLayout layout) {
        super(layout);
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse(layout.ports().legacy(), "--legacy-port"));
    }

    @Override
    public String endpoint() {
        return "jdbc:mariadb://127.0.0.1:" + layout.ports().legacy() + "/" + DB;
    }

    private Path home() {
        return layout.dir().resolve("mariadb");
    }

    private Path config() {
        return home().resolve("my.cnf");
    }

    private Path log() {
        return home().resolve("mariadb.log");
    }

    @Override
    protected String marker() {
        return config().toString();
    }

    @Override
    public void up() throws StartFailure {
        long start = System.nanoTime();
        Path home = home();
        createDirectories(home.resolve("tmp"));
        createLog(log());
        if (Host.isRoot()) {
            Host.chown("mysql", home, home.resolve("tmp"), log());
        }
        write(config(), config(home));
        if (!Files.isDirectory(home.resolve("data/mysql"))) {
            say("initializing " + home.resolve("data"));
            Host.deleteTree(home.resolve("data"));
            if (!Command.of("mariadb-install-db", "--defaults-file=" + config(), "--skip-test-db")
                    .appendingTo(log()).succeeds()) {
                throw new StartFailure("mariadb-install-db failed", log());
            }
        }
        long pid = Processes.spawn(layout.pidFile(name()), log(), List.of("mariadbd", "--defaults-file=" + config()));
        Command ping = Command.of("mariadb-admin", "--defaults-file=" + config(), "--connect-timeout=1", "ping");
        awaitReady(READY_SECONDS, pid, log(), ping::succeeds);
        provision();
        say("ready in " + Output.secondsSince(start) + "s: " + endpoint() + " (user " + USER + ", pid " + pid + ")");
    }

    /**
     * Idempotent. Tests create and drop databases, hence ALL PRIVILEGES ON *.*; the second grant names
     * what the Debezium MariaDB connector needs, so that nobody narrows the first one below it unawares.
     * The client logs in over the socket as the OS user, whom mariadb-install-db authorised (unix_socket).
     */
    private void provision() throws StartFailure {
        String users = "'" + USER + "'@'127.0.0.1', '" + USER + "'@'localhost'";
        String sql = "CREATE DATABASE IF NOT EXISTS " + DB + ";\n"
                + "CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "CREATE USER IF NOT EXISTS '" + USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO " + users + ";\n"
                + "GRANT REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, RELOAD, SELECT, LOCK TABLES, SHOW DATABASES\n"
                + "  ON *.* TO " + users + ";\n";
        if (!Command.of("mariadb", "--defaults-file=" + config(), "--batch").withInput(sql).showingErrors().succeeds()) {
            throw new StartFailure("provisioning failed");
        }
    }

    private String config(Path home) {
        StringBuilder text = new StringBuilder("# Written by stack/stack.sh on every up; edits are lost.\n[mariadbd]\n");
        // mariadbd refuses to run as root; started by root, it switches to this user itself.
        if (Host.isRoot()) {
            text.append("user=mysql\n");
        }
        int port = layout.ports().legacy();
        return text.append("datadir=").append(home).append("/data\n")
                .append("socket=").append(home).append("/mariadb.sock\n")
                .append("pid-file=").append(home).append("/mariadbd.pid\n")
                .append("# Temporary tables of its own, not in /tmp: anything that cleans /tmp would fail the queries using them\n")
                .append("# (a verification failed so, on \"Error on delete of '/tmp/#sql-temptable-...'\").\n")
                .append("tmpdir=").append(home).append("/tmp\n")
                .append("log_error=").append(home).append("/mariadb.log\n")
                .append("port=").append(port).append('\n')
                .append("""
                        bind-address=127.0.0.1
                        skip-name-resolve
                        character-set-server=utf8mb4
                        server_id=1
                        log_bin=binlog
                        binlog_format=ROW
                        binlog_row_image=FULL
                        binlog_expire_logs_seconds=259200
                        # Durability traded for speed: this is a dev/test box, and the binlog is still written before commit returns.
                        innodb_flush_log_at_trx_commit=2
                        sync_binlog=0
                        innodb_buffer_pool_size=512M
                        max_connections=500

                        [client]
                        """)
                .append("socket=").append(home).append("/mariadb.sock\n")
                .append("port=").append(port).append('\n')
                .toString();
    }
}
