package dev.tandem.verification;

import dev.tandem.seed.LegacySeeder;
import dev.tandem.verification.run.RunRepository;
import dev.tandem.seed.SeedOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 in the middle of a run, in a JVM of its own; a new process resumes the run, does only the
 * chunks that were not done, and ends with the report an uninterrupted run gives.
 */
class VerificationKillIT {
    private static final int TOKENS = 30_000;
    private static final int CHUNKS = 1_500;

    private StorePair stores;
    private Process child;

    @BeforeEach
    void setUp() throws Exception {
        stores = new StorePair();
        LegacySeeder.seed(new SeedOptions(stores.legacyEndpoint.host(), stores.legacyEndpoint.port(),
                stores.legacyEndpoint.database(), stores.legacyEndpoint.user(), stores.legacyEndpoint.password(), TOKENS, 7, 2));
        assertThat(EngineCopy.copy(stores.legacySource, stores.engineSource)).isEqualTo(TOKENS);
    }

    @AfterEach
    void tearDown() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        stores.close();
    }

    @Test
    void killedRunResumesWithoutRedoingDoneChunksAndReportsAsACleanRunWould() throws Exception {
        List<String> planted = plantDifferences();
        Path log = Files.createTempFile("verification-child", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VerificationMain.class.getName()));
        command.addAll(arguments("--threads", "1", "--pause-ms", "10"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(passwords());
        child = builder.start();

        await().atMost(Duration.ofMinutes(2)).until(() -> chunksDone() >= 100);
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the databases
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child log:%n%s", Files.readString(log)).isEqualTo(137);

        Map<Integer, String> doneBeforeKill = chunkStamps();
        assertThat(doneBeforeKill.size()).isBetween(100, CHUNKS - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            VerificationStatus status = status().orElseThrow();
            return status.state() == VerificationState.RUNNING && !status.active();
        });

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerificationMain.run(arguments("--threads", "2").toArray(String[]::new), passwords(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String output = out.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(output).isEqualTo(VerificationMain.DIFFERENT);
        assertThat(output).contains("resumed run 1: " + doneBeforeKill.size() + " of " + CHUNKS + " chunks already done",
                "this process compared " + (CHUNKS - doneBeforeKill.size()) + " chunks");
        Map<Integer, String> after = chunkStamps();
        assertThat(after).hasSize(CHUNKS);
        doneBeforeKill.forEach((chunk, stamp) -> assertThat(after.get(chunk)).as("chunk %d", chunk).isEqualTo(stamp));

        VerificationReport resumed;
        VerificationReport clean;
        try (Verification verification = new Verification(stores.legacySource, stores.engineSource,
                VerificationSettings.defaults().withChunks(CHUNKS))) {
            resumed = verification.report(1);
            long second = verification.start("BACKFILL");
            await().atMost(Duration.ofMinutes(2)).until(() -> verification.status(second).orElseThrow().state() != VerificationState.RUNNING);
            clean = verification.report(second);
        }
        assertThat(resumed.status().state()).isEqualTo(VerificationState.DONE);
        assertThat(resumed.differences()).isEqualTo(clean.differences());
        assertThat(resumed.differences()).extracting(Difference::id).containsExactlyInAnyOrderElementsOf(planted);
        // Only tokens live when a run started are compared, and seeded tokens keep expiring: the clean
        // run, started later, may count fewer, never more.
        assertThat(resumed.status().rowsCompared()).isBetween(TOKENS / 2L, (long) TOKENS)
                .isGreaterThanOrEqualTo(clean.status().rowsCompared());
        assertThat(resumed.status().chunksDone()).isEqualTo(clean.status().chunksDone()).isEqualTo(CHUNKS);
    }

    private List<String> arguments(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--legacy-url", stores.legacyEndpoint.jdbcUrl(), "--legacy-user", stores.legacyEndpoint.user(),
                "--engine-url", stores.engineEndpoint.jdbcUrl(), "--engine-user", stores.engineEndpoint.user(),
                "--phase", "BACKFILL", "--chunks", Integer.toString(CHUNKS)));
        args.addAll(List.of(more));
        return args;
    }

    private Map<String, String> passwords() {
        return Map.of(MainOptions.LEGACY_PASSWORD, stores.legacyEndpoint.password(),
                MainOptions.ENGINE_PASSWORD, stores.engineEndpoint.password());
    }

    /** One row missing in the engine, one whose client differs: both live tokens, as only those are compared. */
    private List<String> plantDifferences() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = stores.engineSource.open();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id FROM oauth_token WHERE expires_at > now() + interval '1 hour' ORDER BY id OFFSET ? LIMIT 1")) {
            for (int offset : new int[] {0, 50}) {
                statement.setInt(1, offset);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    ids.add(rows.getString(1));
                }
            }
        }
        stores.engineSql("DELETE FROM oauth_token WHERE id = ?", ids.get(0));
        stores.engineSql("UPDATE oauth_token SET client_id = 'planted-client' WHERE id = ?", ids.get(1));
        return ids;
    }

    private int chunksDone() throws SQLException {
        return chunkStamps().size();
    }

    /** Token chunk number to when and by whom it was done (not the clients' chunk, which the counts leave out too). */
    private Map<Integer, String> chunkStamps() throws SQLException {
        Map<Integer, String> stamps = new HashMap<>();
        try (Connection connection = stores.engineSource.open();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT chunk_no, done_at::text || ' ' || done_by FROM verification_chunk WHERE run_id = 1 AND chunk_no <> "
                             + RunRepository.CLIENTS_CHUNK);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                stamps.put(rows.getInt(1), rows.getString(2));
            }
        }
        return stamps;
    }

    private java.util.Optional<VerificationStatus> status() {
        try (Verification verification = new Verification(stores.legacySource, stores.engineSource, VerificationSettings.defaults())) {
            return verification.status();
        }
    }
}
