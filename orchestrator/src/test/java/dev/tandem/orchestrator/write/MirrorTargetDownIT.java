package dev.tandem.orchestrator.write;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.testing.TestStack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The mirror's server dies during DUAL_WRITE: PostgreSQL of the test stack is stopped with
 * {@code pg_ctl -m immediate} (a crash, not a shutdown). Writes keep succeeding on legacy, each
 * failed mirror write is counted, reads keep being answered (from legacy, even with the flag on
 * the engine, and in SHADOW_READ where every shadow read fails), and nothing acknowledged is
 * missing from legacy. PostgreSQL is started again
 * afterwards in any case, and mirroring resumes by itself.
 */
@QuarkusTest
@TestProfile(MirrorTargetDownIT.EveryReadShadowed.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class MirrorTargetDownIT {
    /** Every SHADOW_READ read also reads the engine, so the outage meets every shadow read. */
    public static class EveryReadShadowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.shadow-read.sample-percent", "100");
        }
    }

    private static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    private static final int WRITES_WHILE_DOWN = 40;
    private static final Duration RESTART_LIMIT = Duration.ofMinutes(2);

    @Inject
    ControlPlane control;
    @Inject
    MeterRegistry registry;

    private final dev.tandem.testing.RandomTokens random = new dev.tandem.testing.RandomTokens(System.nanoTime());

    @Test
    void writesSucceedOnLegacyAndMirrorFailuresAreCountedWhileTheEngineIsDown() throws Exception {
        Path stackDir = localTestStackDir();
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        TokenRecord before = TokenBodies.token(random);
        long beforeVersion = put(before);
        assertThat(StoreRows.engine(before.id())).as("mirrored while the engine is up").isPresent();

        double failuresBefore = mirrorFailures();
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        stopPostgres(stackDir);
        try {
            for (int i = 0; i < WRITES_WHILE_DOWN; i++) {
                TokenRecord token = TokenBodies.token(random);
                acknowledged.put(token.id(), put(token));
            }
            assertThat(mirrorFailures() - failuresBefore).as("mirror failures counted").isGreaterThanOrEqualTo(WRITES_WHILE_DOWN);

            // On-call points reads at the engine, which is down: reads still succeed, from legacy.
            Control.flag(control, ReadFlag.ENGINE);
            for (Map.Entry<String, Long> write : acknowledged.entrySet()) {
                given().get("/v1/tokens/{id}", write.getKey()).then().statusCode(200);
                assertThat(StoreRows.legacy(write.getKey()).map(StoreRows.Row::version)).as("in legacy")
                        .contains(write.getValue());
            }
            given().get("/v1/tokens/{id}", before.id()).then().statusCode(200);

            // SHADOW_READ: the shadow read of the engine fails, the served read from legacy does not.
            Control.set(control, MigrationPhase.SHADOW_READ, ReadFlag.AUTO);
            double shadowFailuresBefore = shadowFailures();
            for (String id : acknowledged.keySet()) {
                given().get("/v1/tokens/{id}", id).then().statusCode(200);
            }
            await("failed shadow reads counted").atMost(Duration.ofSeconds(20))
                    .until(() -> shadowFailures() - shadowFailuresBefore >= acknowledged.size());
        } finally {
            startPostgres(stackDir);
        }

        // Back up: the pool reconnects and new writes are mirrored again, without a restart.
        TokenRecord after = TokenBodies.token(random);
        await("a write is mirrored again").atMost(Duration.ofSeconds(30)).until(() -> {
            long version = put(after);
            return StoreRows.engine(after.id()).map(StoreRows.Row::version).orElse(-1L) == version;
        });
        assertThat(StoreRows.legacy(before.id()).map(StoreRows.Row::version)).contains(beforeVersion);
    }

    private double shadowFailures() {
        return registry.find(TandemMetrics.SHADOW_SKIPPED).tag("reason", "failed").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double mirrorFailures() {
        return registry.find(TandemMetrics.MIRROR_FAILURES).tag("store", "engine").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static long put(TokenRecord token) {
        return given().contentType(ContentType.JSON).body(TokenBodies.of(token)).put("/v1/tokens/{id}", token.id())
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }

    /**
     * The directory of the local test stack whose PostgreSQL this test may stop: only a stack of
     * local processes (started here, or named by an endpoints file inside it) on the engine port
     * the tests use. Containers and foreign servers are not this test's to stop.
     */
    private static Path localTestStackDir() throws IOException {
        TestStack stack = TestStack.get();
        Path dir;
        if (stack.mode().equals("local-processes")) {
            dir = Path.of(System.getProperty("tandemtest.repo.root", ".")).toAbsolutePath().resolve(".tandem/test-stack");
        } else if (stack.mode().equals("endpoints-file")) {
            String file = System.getProperty(TestStack.ENDPOINTS_PROPERTY, System.getenv(TestStack.ENDPOINTS_ENV));
            dir = Path.of(file).toAbsolutePath().getParent();
        } else {
            dir = null;
        }
        Path pid = dir == null ? null : dir.resolve("postgres/data/postmaster.pid");
        assumeTrue(pid != null && Files.isReadable(pid), "needs the local test stack's PostgreSQL (mode "
                + stack.mode() + "); stopping any other server is not this test's business");
        List<String> lines = Files.readAllLines(pid);
        assumeTrue(lines.size() > 3 && lines.get(3).strip().equals(Integer.toString(stack.engine().port())),
                "the PostgreSQL in " + dir + " does not serve the test stack's engine port " + stack.engine().port());
        return dir;
    }

    private static void stopPostgres(Path stackDir) throws Exception {
        run(List.of("runuser", "-u", "postgres", "--", PG_BIN + "/pg_ctl", "-D", stackDir.resolve("postgres/data").toString(),
                "-m", "immediate", "-w", "stop"));
    }

    /** Through the stack script, which starts what is not running and waits until it answers. */
    private static void startPostgres(Path stackDir) throws Exception {
        TestStack stack = TestStack.get();
        Path repo = stackDir.getParent().getParent();
        String kafkaPort = stack.kafkaBootstrap().substring(stack.kafkaBootstrap().lastIndexOf(':') + 1);
        run(List.of("bash", repo.resolve("stack/stack.sh").toString(), "up", "--dir", stackDir.toString(),
                "--legacy-port", Integer.toString(stack.legacy().port()),
                "--engine-port", Integer.toString(stack.engine().port()),
                "--kafka-port", kafkaPort));
        await("PostgreSQL accepts connections").atMost(RESTART_LIMIT).ignoreExceptions().until(() -> {
            try (Connection connection = stack.engine().connect()) {
                return connection.isValid(2);
            }
        });
    }

    private static void run(List<String> command) throws Exception {
        Path log = Files.createTempFile("mirror-down", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            assertThat(process.waitFor(RESTART_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, Files.readString(log)).isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
