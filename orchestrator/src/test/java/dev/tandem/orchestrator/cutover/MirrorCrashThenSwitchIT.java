package dev.tandem.orchestrator.cutover;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.testing.CheckerOnStores;
import dev.tandem.orchestrator.testing.StackSignals;
import dev.tandem.orchestrator.testing.TestStackPostgres;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.RandomTokens;
import dev.tandem.testing.TestStack;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10's hardest promise: the mirror store crashes (not pauses) under a write load and is
 * restarted, and the primary is switched at once after each restart, forward and back. Three
 * orchestrator JVMs on one control log, the real checker with automatic repair, a load of creates,
 * updates, revocations and deletes spread over all three instances. In READ_ENGINE the engine (the
 * mirror) crashes ({@code pg_ctl -m immediate}), the load goes on acknowledged by legacy alone, the
 * engine restarts and the step to WRITE_ENGINE is asked at once, unforced (retried while the guards
 * refuse, forced if they still refuse after a while); in WRITE_ENGINE MariaDB (now the mirror) is
 * killed with {@code -9}, restarted, and the step back to READ_ENGINE is forced at once. Afterwards
 * every acknowledged write is in both stores in its acknowledged state, read so through either
 * store, and settled divergence and the replay queue are back to zero.
 *
 * <p>Every id is written by one client thread only, so its writes are ordered and its last
 * acknowledged state is well defined. A write answered with anything but success (or not answered)
 * is ambiguous: its id may end in the state before or after it, and is not written again, so that no
 * later write races with one the server may still be finishing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorCrashThenSwitchIT {
    private static final int INSTANCES = 3;
    private static final int CLIENTS = 6;
    private static final int IDS_PER_CLIENT = 60;
    private static final Duration SETUP_BOUND = Duration.ofSeconds(30);
    /** Writes acknowledged in each stretch of the scenario: enough that writes were in flight at every fault and step. */
    private static final int ACKS_PER_STRETCH = 60;
    private static final Duration STRETCH_BOUND = Duration.ofSeconds(60);
    /** How long the forward step is asked unforced before it is forced: the guards wait for the repair and the queue. */
    private static final Duration UNFORCED_FOR = Duration.ofSeconds(45);
    /** From the end of the load: captures catching up after their server's restart, the grace, repair backoff, replay. */
    private static final Duration CONVERGED_WITHIN = Duration.ofSeconds(90);
    /** Longer than any answer the server gives: a mirror timeout of 1 s, three revocation attempts, a barrier of 5 s. */
    private static final RestAssuredConfig CLIENT = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 30_000));

    private final String adminToken = "crash-switch-" + new SecureRandom().nextLong();
    private final List<OrchestratorProcess> instances = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private DatabaseEndpoint legacy;
    private DatabaseEndpoint engine;
    private CheckerOnStores checker;

    @BeforeAll
    void threeInstancesAndACheckerInReadEngine() throws Exception {
        TestStack stack = TestStack.get();
        checker = CheckerOnStores.onFreshStores();
        legacy = checker.legacy();
        engine = checker.engine();
        String unique = checker.unique();
        String tokens = "ops:operator:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(adminToken.getBytes(StandardCharsets.UTF_8)));
        for (int i = 1; i <= INSTANCES; i++) {
            OrchestratorProcess.Builder config = OrchestratorProcess.builder("crash-switch-" + i + "-" + unique).nodeId(i)
                    .legacy(legacy).engine(engine).kafka(stack.kafkaBootstrap()).controlTopic("tandem.control.crash-" + unique)
                    .adminTokens(tokens)
                    // Not 5 minutes: the unforced step is to be taken once the repair converged, within the test.
                    .property("tandem.guards.divergence-window", "3s")
                    .property("tandem.repair.auto", "true").property("tandem.repair.max-backoff", "2s")
                    .property("tandem.repair.max-attempts", "100").property("tandem.repair.group-id", "t." + unique + ".repair");
            checker.feedTopics().forEach(config::property);
            instances.add(config.build());
        }
        onEvery(OrchestratorProcess::start);
        checker.start();

        // Forced into DUAL_WRITE: a fresh checker has not read the stores yet.
        step(instances.get(0), "DUAL_WRITE", true).then().statusCode(200);
        // The backfill and a verification make the unforced forward step possible: the guards that
        // remain are the ones the crash concerns (divergence, checker lag, reachability).
        api(instances.get(0)).body(Map.of("action", "start", "reason", "test setup")).post("/admin/backfill")
                .then().statusCode(200);
        await("backfill done").atMost(SETUP_BOUND).until(() ->
                "DONE".equals(api(instances.get(1)).get("/admin/backfill").then().extract().jsonPath().getString("state")));
        step(instances.get(0), "SHADOW_READ", true).then().statusCode(200);
        step(instances.get(0), "READ_ENGINE", true).then().statusCode(200);
        awaitPhaseEverywhere("READ_ENGINE");
        long run = api(instances.get(2)).body(Map.of("reason", "test setup")).post("/admin/verification")
                .then().statusCode(202).extract().jsonPath().getLong("runId");
        await("verification clean").atMost(SETUP_BOUND).untilAsserted(() -> {
            JsonPath latest = api(instances.get(2)).get("/admin/verification").then().statusCode(200).extract().jsonPath();
            assertThat(latest.getLong("runId")).isEqualTo(run);
            assertThat(latest.getString("state")).isEqualTo("DONE");
            assertThat(latest.getLong("differences")).isZero();
        });
        await("the checker reports").atMost(SETUP_BOUND).until(() -> checkerStatus().getBoolean("reporting"));
    }

    @AfterAll
    void stopEverything() {
        if (checker != null) {
            checker.close();
        }
        onEvery(OrchestratorProcess::stop);
        pool.shutdownNow();
    }

    @Test
    void everyAcknowledgedWriteSurvivesAMirrorCrashFollowedAtOnceBySwitchesForwardAndBack() throws Exception {
        Load load = new Load();
        List<String> steps = new ArrayList<>();
        Instant started = Instant.now();
        long engineRestartMs;
        long legacyRestartMs;
        long engineMirrorFailures;
        long legacyMirrorFailures;
        load.start();
        try {
            load.awaitMore("writes flowing in READ_ENGINE");

            long failuresBefore = mirrorFailures();
            TestStackPostgres postgres = TestStackPostgres.local();
            postgres.crash();
            try {
                load.awaitMore("writes acknowledged while the engine is down");
            } finally {
                Instant restart = Instant.now();
                postgres.start();
                engineRestartMs = Duration.between(restart, Instant.now()).toMillis();
            }
            engineMirrorFailures = mirrorFailures() - failuresBefore;
            // Else the crash did not hit the mirror path, and the rest proves nothing about it.
            assertThat(engineMirrorFailures).as("mirror writes that failed while the engine was down").isPositive();
            steps.add(stepForwardAtOnce());
            awaitPhaseEverywhere("WRITE_ENGINE");
            load.awaitMore("writes flowing in WRITE_ENGINE");

            failuresBefore = mirrorFailures();
            StackSignals servers = StackSignals.local();
            servers.crashMariadb();
            try {
                load.awaitMore("writes acknowledged while legacy is down");
            } finally {
                Instant restart = Instant.now();
                servers.startMariadb();
                legacyRestartMs = Duration.between(restart, Instant.now()).toMillis();
            }
            legacyMirrorFailures = mirrorFailures() - failuresBefore;
            assertThat(legacyMirrorFailures).as("mirror writes that failed while legacy was down").isPositive();
            Response back = step(instances.get(1), "READ_ENGINE", true);
            assertThat(back.statusCode()).as("forced step back: %s", back.asString()).isEqualTo(200);
            steps.add("READ_ENGINE forced (" + guardsOf(back) + ")");
            awaitPhaseEverywhere("READ_ENGINE");
            load.awaitMore("writes flowing in READ_ENGINE again");
        } finally {
            load.stop();
        }
        assertThat(load.unexpected).as("answers that contradict an acknowledged write").isEmpty();
        assertThat(load.failure).as("a client thread failed").isNull();

        await("every acknowledged write in both stores, in its acknowledged state").atMost(CONVERGED_WITHIN)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> load.ids.values().forEach(this::assertStored));
        await("settled divergence zero and the replay queue empty").atMost(CONVERGED_WITHIN).untilAsserted(() -> {
            JsonPath status = checkerStatus();
            assertThat(status.getBoolean("reporting")).as("checker reporting").isTrue();
            assertThat(status.getLong("settled.critical") + status.getLong("settled.major") + status.getLong("settled.minor"))
                    .as("settled divergence: %s", status.getMap("settled")).isZero();
            for (OrchestratorProcess instance : instances) {
                assertThat(status(instance).getInt("replayQueue.pending")).as("replay queue of %s", instance.name()).isZero();
            }
        });
        // Still so once everything settled: no late repair or replay undid a write.
        load.ids.values().forEach(this::assertStored);
        for (String flag : List.of("legacy", "engine")) {
            readsFrom(flag);
            int next = 0;
            for (Id id : load.ids.values()) {
                assertServed(instances.get(next++ % INSTANCES), id, flag);
            }
        }
        readsFrom("auto");

        System.out.printf("[MirrorCrashThenSwitchIT] %d ids, %d writes acknowledged (%d while the engine was down, %d while"
                        + " legacy was down; mirror failures %d and %d), %d ambiguous %s; engine restart %d ms, legacy restart"
                        + " %d ms; steps: %s; %d s%n",
                load.ids.size(), load.acknowledged.get(), load.acknowledgedDuring[0].get(), load.acknowledgedDuring[1].get(),
                engineMirrorFailures, legacyMirrorFailures,
                load.ambiguous.size(), load.ambiguous.stream().map(Ambiguous::answer).distinct().toList(), engineRestartMs,
                legacyRestartMs, steps, Duration.between(started, Instant.now()).toSeconds());
    }

    /**
     * The step to WRITE_ENGINE right after the engine's restart, unforced; while the guards (or the
     * barrier) refuse it, asked again, and forced once {@link #UNFORCED_FOR} has passed.
     */
    private String stepForwardAtOnce() {
        Instant asked = Instant.now();
        List<String> refusals = new ArrayList<>();
        while (Duration.between(asked, Instant.now()).compareTo(UNFORCED_FOR) < 0) {
            Response response = step(instances.get(0), "WRITE_ENGINE", false);
            if (response.statusCode() == 200) {
                return "WRITE_ENGINE unforced after " + refusals.size() + " refusals in "
                        + Duration.between(asked, Instant.now()).toMillis() + " ms (" + guardsOf(response) + ")"
                        + (refusals.isEmpty() ? "" : "; first refusal: " + refusals.get(0));
            }
            assertThat(response.statusCode()).as("unforced step: %s", response.asString()).isEqualTo(409);
            refusals.add(response.jsonPath().getString("detail"));
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        }
        Response forced = step(instances.get(0), "WRITE_ENGINE", true);
        assertThat(forced.statusCode()).as("forced step: %s", forced.asString()).isEqualTo(200);
        return "WRITE_ENGINE forced after " + refusals.size() + " refusals in " + UNFORCED_FOR.toSeconds() + " s (last: "
                + refusals.get(refusals.size() - 1) + "; " + guardsOf(forced) + ")";
    }

    /** Both stores hold what the id's writes allow: its last acknowledged state, or that of its ambiguous write. */
    private void assertStored(Id id) {
        Optional<StoreRows.Row> inLegacy = StoreRows.legacy(legacy, id.id);
        Optional<StoreRows.Row> inEngine = StoreRows.engine(engine, id.id);
        assertThat(inLegacy).as("legacy's row of %s (acknowledged: %s, ambiguous: %s)", id.id, id.acknowledged, id.ambiguous)
                .matches(id::allows);
        assertThat(inEngine).as("the engine's row of %s (acknowledged: %s, ambiguous: %s)", id.id, id.acknowledged, id.ambiguous)
                .isEqualTo(inLegacy);
    }

    /** What a client reads of the id through {@code instance} with every read on {@code flag}. */
    private void assertServed(OrchestratorProcess instance, Id id, String flag) {
        Response read = api(instance).get("/v1/tokens/{id}", id.id);
        Optional<StoreRows.Row> served;
        if (read.statusCode() == 404) {
            served = Optional.empty();
        } else {
            assertThat(read.statusCode()).as("read of %s with reads on %s: %s", id.id, flag, read.asString()).isEqualTo(200);
            served = Optional.of(rowOf(read.jsonPath(), false));
        }
        // A deleted token is not found: what the API serves of a tombstone is its absence.
        Optional<StoreRows.Row> stored = StoreRows.legacy(legacy, id.id).filter(row -> !row.deleted());
        assertThat(served).as("%s read through %s with reads on %s (acknowledged: %s, ambiguous: %s)", id.id, instance.name(),
                flag, id.acknowledged, id.ambiguous).isEqualTo(stored);
    }

    private void readsFrom(String flag) {
        long revision = api(instances.get(2)).body(Map.of("flag", flag, "rampPercent", 100, "reason", "read " + flag))
                .put("/admin/migration/reads").then().statusCode(200).extract().jsonPath().getLong("state.revision");
        for (OrchestratorProcess instance : instances) {
            await("reads on " + flag + " at " + instance.name()).atMost(SETUP_BOUND)
                    .until(() -> status(instance).getLong("revision") >= revision);
        }
    }

    private Response step(OrchestratorProcess through, String to, boolean force) {
        return api(through).body(Map.of("to", to, "reason", "mirror crash then switch", "force", force))
                .post("/admin/migration/phase");
    }

    /** The step's guards as {@code name=STATUS}, and the reason of each that is not OK. */
    private static String guardsOf(Response step) {
        List<Map<String, Object>> guards = step.jsonPath().getList("guards");
        return guards.stream().map(guard -> guard.get("name") + "=" + guard.get("status")
                + (Boolean.TRUE.equals(guard.get("ok")) ? "" : " (" + guard.get("reason") + ")")).toList().toString();
    }

    /** Mirror writes that failed on every instance since it started. */
    private long mirrorFailures() {
        return instances.stream().mapToLong(instance -> status(instance).getLong("mirrorFailures")).sum();
    }

    private void awaitPhaseEverywhere(String phase) {
        for (OrchestratorProcess instance : instances) {
            await(instance.name() + " in " + phase).atMost(SETUP_BOUND)
                    .until(() -> status(instance).getString("phase").equals(phase));
        }
    }

    private JsonPath status(OrchestratorProcess instance) {
        return api(instance).get("/admin/migration").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath checkerStatus() {
        return api(instances.get(0)).get("/admin/checker").then().statusCode(200).extract().jsonPath();
    }

    private RequestSpecification api(OrchestratorProcess instance) {
        return given().config(CLIENT).baseUri(instance.url()).header("Authorization", "Bearer " + adminToken)
                .contentType(ContentType.JSON);
    }

    private void onEvery(Consumer<OrchestratorProcess> action) {
        CompletableFuture.allOf(instances.stream().map(instance -> CompletableFuture.runAsync(() -> action.accept(instance), pool))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** What an answer says the stores hold: version, usable, client id; {@code deleted} for a tombstone. */
    private static StoreRows.Row rowOf(JsonPath answer, boolean deleted) {
        return new StoreRows.Row(answer.getLong("version"), answer.getString("revokedAt") == null, answer.getString("clientId"),
                deleted);
    }

    /**
     * A state an id may be in: exactly {@code row} (version included), or, where the version is not
     * known (a tombstone, or an ambiguous write), the same client id, usability and tombstone flag.
     */
    private record State(String write, StoreRows.Row row, boolean versionKnown) {
        boolean matches(Optional<StoreRows.Row> stored) {
            if (row == null) {
                return stored.isEmpty();
            }
            if (stored.isEmpty()) {
                return false;
            }
            StoreRows.Row held = stored.get();
            if (versionKnown) {
                return held.equals(row);
            }
            return held.deleted() == row.deleted()
                    && (row.deleted() || held.active() == row.active() && held.clientId().equals(row.clientId()));
        }
    }

    private record Ambiguous(String id, String write, String answer) {
    }

    /** One token id of the load, written by one client thread only. */
    private static final class Id {
        final String id;
        TokenRecord token;
        /** The state the last acknowledged write answered; an absent row before the first. */
        volatile State acknowledged = new State("none", null, true);
        /** The state of a write that was not answered with success: the id is written no more. */
        volatile State ambiguous;
        boolean revoked;
        boolean deleted;

        Id(TokenRecord token) {
            this.id = token.id();
            this.token = token;
        }

        boolean writable() {
            return ambiguous == null && !deleted;
        }

        boolean allows(Optional<StoreRows.Row> stored) {
            return acknowledged.matches(stored) || ambiguous != null && ambiguous.matches(stored);
        }
    }

    /** Client threads that write their own ids, each request to the next instance. */
    private final class Load {
        final Map<String, Id> ids = new ConcurrentHashMap<>();
        final AtomicInteger acknowledged = new AtomicInteger();
        /** Acknowledged while the engine, then legacy, was down. */
        final AtomicInteger[] acknowledgedDuring = {new AtomicInteger(), new AtomicInteger()};
        final Queue<Ambiguous> ambiguous = new ConcurrentLinkedQueue<>();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger next = new AtomicInteger();
        final List<CompletableFuture<Void>> clients = new ArrayList<>();
        volatile int outage = -1;
        volatile Throwable failure;

        void start() {
            for (int c = 0; c < CLIENTS; c++) {
                List<Id> own = new ArrayList<>();
                RandomTokens random = new RandomTokens(System.nanoTime() + c);
                for (int i = 0; i < IDS_PER_CLIENT; i++) {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    Id id = new Id(TokenBodies.token(random).toBuilder().issuedAt(now.minusSeconds(5))
                            .expiresAt(now.plusSeconds(3600)).build());
                    own.add(id);
                }
                clients.add(CompletableFuture.runAsync(() -> write(own), pool));
            }
        }

        /** Waits for {@link #ACKS_PER_STRETCH} more acknowledged writes. */
        void awaitMore(String stretch) {
            int from = acknowledged.get();
            if (stretch.contains("engine is down")) {
                outage = 0;
            } else if (stretch.contains("legacy is down")) {
                outage = 1;
            }
            try {
                await(stretch).atMost(STRETCH_BOUND).until(() -> failure != null || acknowledged.get() >= from + ACKS_PER_STRETCH);
            } finally {
                outage = -1;
            }
            assertThat(failure).as("a client thread failed").isNull();
        }

        void stop() {
            stop.set(true);
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        }

        private void write(List<Id> own) {
            try {
                while (!stop.get()) {
                    List<Id> writable = own.stream().filter(Id::writable).toList();
                    if (writable.isEmpty()) {
                        return;
                    }
                    write(writable.get(ThreadLocalRandom.current().nextInt(writable.size())));
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        private void write(Id id) {
            OrchestratorProcess instance = instances.get(Math.floorMod(next.getAndIncrement(), INSTANCES));
            boolean created = id.acknowledged.row() != null;
            double roll = ThreadLocalRandom.current().nextDouble();
            String write;
            State after;
            Response answer;
            int during = outage;
            if (!created || roll < 0.65 || roll < 0.9 && id.revoked) {
                TokenRecord sent = created ? id.token.toBuilder().clientId("c-" + ThreadLocalRandom.current().nextInt(1_000_000)).build()
                        : id.token;
                write = (created ? "update " : "create ") + sent.clientId();
                after = new State(write, new StoreRows.Row(0, !id.revoked, sent.clientId(), false), false);
                answer = send(() -> api(instance)
                        .body(TokenBodies.of(sent)).put("/v1/tokens/{id}", id.id), id, write, after);
                if (answer != null) {
                    id.token = sent;
                }
            } else if (roll < 0.9) {
                write = "revoke";
                after = new State(write, new StoreRows.Row(0, false, id.token.clientId(), false), false);
                answer = send(() -> api(instance).post("/v1/tokens/{id}/revoke", id.id),
                        id, write, after);
                if (answer != null) {
                    id.revoked = true;
                }
            } else {
                write = "delete";
                after = new State(write, new StoreRows.Row(0, false, id.token.clientId(), true), false);
                answer = send(() -> api(instance).delete("/v1/tokens/{id}", id.id),
                        id, write, after);
                if (answer != null) {
                    id.deleted = true;
                    id.acknowledged = after;
                }
            }
            if (answer == null) {
                return;
            }
            if (!write.equals("delete")) {
                StoreRows.Row row = rowOf(answer.jsonPath(), false);
                if (write.equals("revoke") ? row.active() : !row.clientId().equals(id.token.clientId()) || row.active() == id.revoked) {
                    unexpected.add(id.id + ": " + write + " answered " + row + " (" + answer.asString() + ")");
                }
                id.acknowledged = new State(write, row, true);
            }
            ids.putIfAbsent(id.id, id);
            acknowledged.incrementAndGet();
            if (during >= 0 && during == outage) {
                acknowledgedDuring[during].incrementAndGet();
            }
        }

        /** The answer if the write succeeded; null if it was ambiguous (the id is written no more). */
        private Response send(java.util.function.Supplier<Response> request, Id id, String write, State after) {
            ids.putIfAbsent(id.id, id);
            String outcome;
            try {
                Response answer = request.get();
                if (answer.statusCode() / 100 == 2) {
                    return answer;
                }
                if (answer.statusCode() == 404 && id.acknowledged.row() != null) {
                    // The token's creation was acknowledged and it was not deleted: a lost write.
                    unexpected.add(id.id + ": " + write + " answered 404 (acknowledged before: " + id.acknowledged + ")");
                }
                outcome = Integer.toString(answer.statusCode());
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName();
            }
            id.ambiguous = after;
            ambiguous.add(new Ambiguous(id.id, write, outcome));
            return null;
        }
    }
}
