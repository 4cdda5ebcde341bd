package dev.tandem.launcher.process;

import dev.tandem.launcher.Endpoints;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;
import dev.tandem.stack.os.Command;
import dev.tandem.stack.server.Output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The old server's tables in the dev stack's legacy database, created where absent ({@code CREATE TABLE
 * IF NOT EXISTS}): the orchestrator adds its tandem_version column at start but expects the tables
 * themselves to exist, as in production. Through the {@code mariadb} client the stack installs.
 */
public final class LegacyTables {

    private LegacyTables() {
    }

    public static void ensure(Home home, Endpoints e, Output output) {
        Path ddl = home.module("legacy-adapter", "src/main/resources/legacy/hydra-schema.sql");
        String text;
        try {
            text = Files.readString(ddl);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + ddl, ex);
        }
        boolean created = Command.of("mariadb", "--protocol=TCP", "--host=" + e.legacyHost(), "--port=" + e.legacyPort(),
                        "--user=" + e.legacyUser(), "--batch", e.legacyDb())
                .withEnvironment("MYSQL_PWD", e.legacyPassword()).withInput(text).showingErrors().succeeds();
        if (!created) {
            throw new LaunchException("could not create the legacy tables in " + e.legacyDb() + " on " + e.legacyHost()
                    + ":" + e.legacyPort());
        }
        output.say("legacy", "tables of the old server present in " + e.legacyDb());
    }
}
