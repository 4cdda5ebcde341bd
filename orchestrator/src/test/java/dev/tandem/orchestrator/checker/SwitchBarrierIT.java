package dev.tandem.orchestrator.checker;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.testing.RandomTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.tandem.orchestrator.checker.CheckerSignals.OPERATOR;
import static dev.tandem.orchestrator.checker.CheckerSignals.as;
import static dev.tandem.orchestrator.checker.CheckerSignals.legacyUpdate;
import static dev.tandem.orchestrator.checker.CheckerSignals.put;
import static dev.tandem.orchestrator.checker.CheckerSignals.usableToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The switch barrier with the real checker process: a switch of the primary under a live write
 * load, forward into WRITE_ENGINE and back, holds writes for a moment and loses none; a switch
 * whose barrier cannot complete (the checker holds a divergence pending) is cancelled, says why,
 * and leaves the phase and the writes as they were.
 */
@QuarkusTest
@QuarkusTestResource(value = CheckerStackResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchBarrierIT {
    private static final int CLIENTS = 4;
    /** Long, so that an out-of-band change stays pending for longer than the barrier may wait (5 s). */
    private static final Duration GRACE = Duration.ofSeconds(8);
    private static CheckerUnderTest checker;

    @Inject
    ControlPlane control;

    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @BeforeEach
    void aReportingChecker() {
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        synchronized (SwitchBarrierIT.class) {
            if (checker == null) {
                checker = new CheckerUnderTest().grace(GRACE);
            }
        }
        checker.running();
        await("the checker reports").atMost(Duration.ofSeconds(30))
                .until(() -> CheckerSignals.checker().getBoolean("reporting"));
    }

    @AfterAll
    static void stopChecker() {
        if (checker != null) {
            checker.close();
        }
    }

    @Test
    @Order(1)
    void aSwitchUnderLoadHoldsWritesBrieflyAndLosesNoWrite() throws Exception {
        Control.set(control, MigrationPhase.READ_ENGINE, ReadFlag.AUTO);
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Queue<Long> latenciesMs = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.submit(() -> {
                RandomTokens own = new RandomTokens(System.nanoTime());
                while (!stop.get()) {
                    TokenRecord token = usableToken(own);
                    long started = System.nanoTime();
                    try {
                        put(token);
                        acknowledged.add(token.id());
                        latenciesMs.add((System.nanoTime() - started) / 1_000_000);
                    } catch (AssertionError | RuntimeException e) {
                        failures.add(token.id() + ": " + e.getMessage());
                    }
                }
            });
        }
        try {
            await("writes flowing").atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 50);

            // Forward over the guards (no backfill or verification in this test), so forced: the barrier
            // still waits, and the audit says whether it completed or was forced past something.
            Map<String, Object> forward = step("WRITE_ENGINE", true).statusCode(200)
                    .body("state.phase", equalTo("WRITE_ENGINE")).extract().jsonPath().getMap("");
            int atForward = acknowledged.size();
            await("writes flowing under the engine").atMost(Duration.ofSeconds(30))
                    .until(() -> acknowledged.size() >= atForward + 50);
            step("READ_ENGINE", false).statusCode(200).body("state.phase", equalTo("READ_ENGINE"));
            int atBack = acknowledged.size();
            await("writes flowing under legacy again").atMost(Duration.ofSeconds(30))
                    .until(() -> acknowledged.size() >= atBack + 50);
            assertThat(forward).isNotNull();
        } finally {
            stop.set(true);
            clients.shutdown();
            await().atMost(Duration.ofSeconds(30)).until(clients::isTerminated);
        }

        assertThat(failures).as("writes that failed across two switches").isEmpty();
        List<Map<String, Object>> switches = auditOf("phase").subList(auditOf("phase").size() - 2, auditOf("phase").size());
        for (Map<String, Object> entry : switches) {
            assertThat(entry.get("guards").toString()).contains("switch-barrier: writes held").doesNotContain("FORCED past");
        }
        await("every acknowledged write in both stores, equal").atMost(Duration.ofSeconds(30))
                .until(() -> acknowledged.stream().allMatch(id -> StoreRows.legacy(id).isPresent()
                        && StoreRows.legacy(id).equals(StoreRows.engine(id))));
        long worst = latenciesMs.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("[SwitchBarrierIT] %d writes across two switches, none failed; slowest %d ms; audit: %s%n",
                acknowledged.size(), worst, switches.stream().map(entry -> entry.get("guards")).toList());
    }

    @Test
    @Order(2)
    void aBarrierThatCannotCompleteIsCancelledAndSaysWhy() {
        Control.set(control, MigrationPhase.WRITE_ENGINE, ReadFlag.AUTO);
        TokenRecord token = usableToken(random);
        put(token);
        // The old server revokes it behind Tandem's back: a divergence the checker holds pending for GRACE.
        legacyUpdate(token.id(), "active = 0");

        step("READ_ENGINE", false).statusCode(409)
                .body("detail", containsString("WRITE_ENGINE -> READ_ENGINE cancelled: the switch barrier did not complete"))
                .body("detail", containsString("pending"))
                .body("writesHeldMs", org.hamcrest.Matchers.greaterThanOrEqualTo(5_000));

        assertThat(control.current().phase()).isEqualTo(MigrationPhase.WRITE_ENGINE);
        assertThat(control.current().fence()).as("the cancel lifted the fence").isNull();
        assertThat(auditOf(dev.tandem.orchestrator.control.ControlChange.SWITCH_CANCELLED)).isNotEmpty();
        TokenRecord after = usableToken(random);
        put(after);
        assertThat(StoreRows.engine(after.id())).isPresent();
    }

    private ValidatableResponse step(String to, boolean force) {
        return as(OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("to", to, "reason", "switch barrier test", "force", force))
                .post("/admin/migration/phase").then();
    }

    private static List<Map<String, Object>> auditOf(String action) {
        List<Map<String, Object>> entries = as(OPERATOR).get("/admin/audit").then().statusCode(200)
                .extract().jsonPath().getList("entries");
        return entries.stream().filter(entry -> action.equals(entry.get("action"))).toList();
    }
}
