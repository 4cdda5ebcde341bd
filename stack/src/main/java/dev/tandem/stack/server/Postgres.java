package dev.tandem.stack.server;

import dev.tandem.stack.os.Command;
import dev.tandem.stack.os.Host;
import dev.tandem.stack.os.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PostgreSQL 15, the new engine: a private cluster under DIR/postgres. wal_level=logical and replication
 * slots because Debezium reads every engine change through pgoutput. PostgreSQL refuses to run as root:
 * as root, its tools run as the postgres OS user.
 */
public final class Postgres extends Server {

    public static final String DB = "tandem_engine";
    public static final String USER = "tandem";
    public static final String PASSWORD = "tandem";
    /** TANDEM_PG_BIN overrides it. */
    public static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
    /** initdb names the bootstrap superuser after this, whoever runs it, so provisioning needs no guessing. */
    private static final String SUPERUSER = "postgres";
    private static final String OS_USER = "postgres";
    private static final Pattern REPLICATION_RULE =
            Pattern.compile("(?m)^host\\s+replication\\s+all\\s+127\\.0\\.0\\.1/32\\s+trust");

    public Postgres(StackLayout layout) {
        super(layout);
    }

    public static String bin() {
        String configured = System.getenv("TANDEM_PG_BIN");
        return configured == null || configured.isEmpty() ? DEFAULT_BIN : configured;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse(layout.ports().engine(), "--engine-port"));
    }

    @Override
    public String endpoint() {
        return "jdbc:postgresql://127.0.0.1:" + layout.ports().engine() + "/" + DB;
    }

    private Path home() {
        return layout.dir().resolve("postgres");
    }

    private Path data() {
        return home().resolve("data");
    }

    private Path log() {
        return home().resolve("postgres.log");
    }

    @Override
    protected String marker() {
        return data().toString();
    }

    /** SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") would wait for every client to leave. */
    @Override
    protected void signalStop(long pid) {
        Command.of(bin() + "/pg_ctl", "kill", "INT", Long.toString(pid)).asUserWhenRoot(OS_USER).run();
    }

    @Override
    protected String stopSignalName() {
        return "INT";
    }

    @Override
    public void up() throws StartFailure {
        long start = System.nanoTime();
        createDirectories(home());
        createLog(log());
        if (Host.isRoot()) {
            Host.chown(OS_USER, home(), log());
        }
        if (!Files.isRegularFile(data().resolve("PG_VERSION"))) {
            initialize();
        }
        writeConfig();
        // pg_ctl detaches the postmaster into its own session; pg_ctl and the postmaster both append to the log.
        if (!Command.of(bin() + "/pg_ctl", "-D", data().toString(), "-l", log().toString(), "-w", "-t", "120", "start")
                .asUserWhenRoot(OS_USER).appendingTo(log()).succeeds()) {
            throw new StartFailure("pg_ctl start failed", log());
        }
        long pid = Processes.readPid(data().resolve("postmaster.pid"))
                .orElseThrow(() -> new StartFailure("no PID in " + data().resolve("postmaster.pid"), log()));
        Processes.writePid(layout.pidFile(name()), pid);
        provision();
        say("ready in " + Output.secondsSince(start) + "s: " + endpoint() + " (user " + USER + ", pid " + pid + ")");
    }

    private void initialize() throws StartFailure {
        say("initializing " + data());
        Host.deleteTree(data());
        if (!Command.of(bin() + "/initdb", "-D", data().toString(), "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                "-U", SUPERUSER).asUserWhenRoot(OS_USER).appendingTo(log()).succeeds()) {
            throw new StartFailure("initdb failed", log());
        }
        append(data().resolve("postgresql.conf"), "include 'tandem.conf'\n");
        // initdb --auth=trust already writes this line on Debian; CDC needs it, so do not depend on that.
        Path hba = data().resolve("pg_hba.conf");
        if (!REPLICATION_RULE.matcher(read(hba)).find()) {
            append(hba, "host replication all 127.0.0.1/32 trust\n");
        }
    }

    /**
     * Included from postgresql.conf (see {@link #initialize}) and rewritten on every up, so ports can
     * change. synchronous_commit stays on: the WAL sender ships only flushed WAL, and CDC latency would jump.
     */
    private void writeConfig() {
        Path file = data().resolve("tandem.conf");
        write(file, "# Written by stack/stack.sh on every up; edits are lost.\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "port = " + layout.ports().engine() + "\n"
                + "unix_socket_directories = '" + home() + "'\n"
                + "max_connections = 300\n"
                + "wal_level = logical\n"
                + "max_replication_slots = 20\n"
                + "max_wal_senders = 20\n");
        if (Host.isRoot()) {
            Host.chown(OS_USER, file);
        }
    }

    /** Idempotent. SUPERUSER because tests create databases and publications; REPLICATION for CDC slots. */
    private void provision() throws StartFailure {
        String sql = "DO $$ BEGIN\n"
                + "  CREATE ROLE " + USER + ";\n"
                + "EXCEPTION WHEN duplicate_object THEN NULL;\n"
                + "END $$;\n"
                + "ALTER ROLE " + USER + " WITH LOGIN SUPERUSER REPLICATION PASSWORD '" + PASSWORD + "';\n"
                + "SELECT 'CREATE DATABASE " + DB + " OWNER " + USER + "'\n"
                + "  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '" + DB + "') \\gexec\n";
        if (!Command.of(bin() + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", home().toString(),
                "-p", Integer.toString(layout.ports().engine()), "-U", SUPERUSER, "-d", "postgres")
                .asUserWhenRoot(OS_USER).withInput(sql).showingErrors().succeeds()) {
            throw new StartFailure("provisioning failed");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
