package dev.tandem.orchestrator.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreApi;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.testing.RandomTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On-call's rollback under load: clients write and read while the read flag flips engine, legacy,
 * engine, legacy, engine. No request may fail, every write must be readable by its client right
 * after its acknowledgement, whichever store serves it at that moment, and every acknowledged
 * write must be in both stores afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class RollbackUnderLoadIT {
    private static final int CLIENTS = 6;
    private static final int MAX_OPERATIONS_PER_CLIENT = 600;
    private static final int WRITES_BETWEEN_FLIPS = 60;
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ReadFlag> FLIPS = List.of(ReadFlag.LEGACY, ReadFlag.ENGINE, ReadFlag.LEGACY, ReadFlag.ENGINE);

    @Inject
    ControlPlane control;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"READ_ENGINE", "WRITE_ENGINE"})
    void noRequestFailsAndNoAcknowledgedWriteIsLostWhileTheFlagFlips(MigrationPhase phase) throws Exception {
        Control.set(control, phase, ReadFlag.ENGINE);
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger writes = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        long seed = System.nanoTime();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            RandomTokens random = new RandomTokens(seed + c);
            running.add(clients.submit(() -> client(random, acknowledged, failures, writes, stop)));
        }
        try {
            for (ReadFlag flag : FLIPS) {
                int target = writes.get() + WRITES_BETWEEN_FLIPS;
                await("%d writes before flipping to %s".formatted(WRITES_BETWEEN_FLIPS, flag))
                        .atMost(RUN_LIMIT).until(() -> writes.get() >= target || !failures.isEmpty());
                Control.flag(control, flag);
            }
            int target = writes.get() + WRITES_BETWEEN_FLIPS;
            await("writes after the last flip").atMost(RUN_LIMIT).until(() -> writes.get() >= target || !failures.isEmpty());
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("clients stopped").isTrue();
        }
        for (Future<?> client : running) {
            client.get();
        }

        assertThat(failures).as("failed requests (seed %d)", seed).isEmpty();
        assertThat(acknowledged).hasSizeGreaterThan(FLIPS.size() * WRITES_BETWEEN_FLIPS / 2);
        for (Map.Entry<String, Long> write : acknowledged.entrySet()) {
            HttpResponse<String> read = send("GET", write.getKey(), null);
            assertThat(read.statusCode()).as("read of acknowledged token %s", write.getKey()).isEqualTo(200);
            assertThat(JSON.readTree(read.body()).path("version").asLong()).isEqualTo(write.getValue());
            assertThat(StoreRows.legacy(write.getKey()).map(StoreRows.Row::version)).as("legacy").contains(write.getValue());
            assertThat(StoreRows.engine(write.getKey()).map(StoreRows.Row::version)).as("engine").contains(write.getValue());
        }
    }

    /** Writes new tokens, updates its own, and reads each back at once; records every failure. */
    private void client(RandomTokens random, Map<String, Long> acknowledged, List<String> failures,
                        AtomicInteger writes, AtomicBoolean stop) {
        List<TokenRecord> mine = new ArrayList<>();
        java.util.Set<String> mineIds = new java.util.HashSet<>();
        for (int i = 0; i < MAX_OPERATIONS_PER_CLIENT && !stop.get() && failures.isEmpty(); i++) {
            try {
                if (mine.isEmpty() || random.nextInt(10) < 7) {
                    TokenRecord token = random.nextInt(3) == 0 && !mine.isEmpty()
                            ? mine.get(random.nextInt(mine.size())).toBuilder().clientId("client-" + i).build()
                            : TokenBodies.token(random);
                    HttpResponse<String> put = send("PUT", token.id(), JSON.writeValueAsString(TokenBodies.of(token)));
                    if (put.statusCode() != 200) {
                        failures.add("PUT " + token.id() + ": " + put.statusCode() + " " + put.body());
                        return;
                    }
                    long version = JSON.readTree(put.body()).path("version").asLong();
                    acknowledged.put(token.id(), version);
                    if (mineIds.add(token.id())) {
                        mine.add(token);
                    }
                    writes.incrementAndGet();
                    readBack(token.id(), version, failures);
                } else {
                    String id = mine.get(random.nextInt(mine.size())).id();
                    readBack(id, acknowledged.get(id), failures);
                }
            } catch (Exception e) {
                failures.add(e.toString());
                return;
            }
        }
    }

    private void readBack(String id, long version, List<String> failures) throws Exception {
        HttpResponse<String> get = send("GET", id, null);
        if (get.statusCode() != 200) {
            failures.add("GET " + id + " after writing version " + version + ": " + get.statusCode() + " " + get.body());
            return;
        }
        JsonNode record = JSON.readTree(get.body());
        if (record.path("version").asLong() != version) {
            failures.add("GET " + id + " answered version " + record.path("version").asLong() + ", not the acknowledged "
                    + version + " (flag " + control.current().readFlag().wireName() + ")");
        }
    }

    private HttpResponse<String> send(String method, String id, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + "/v1/tokens/" + id))
                .timeout(Duration.ofSeconds(30)).header("Authorization", StoreApi.AUTHORIZATION);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
