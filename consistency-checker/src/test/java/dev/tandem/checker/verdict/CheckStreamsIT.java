package dev.tandem.checker.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.Lsn;
import dev.tandem.contract.verdict.CheckerStatus;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The check on the real broker, fed as the capture feeds it; one running check shared by the tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckStreamsIT {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private CheckEnvironment env;
    private CheckRole check;
    private long position;

    @BeforeAll
    void startCheck() {
        env = new CheckEnvironment();
        check = new CheckRole(env.config(), registry);
        check.start();
        await("check running").atMost(CheckEnvironment.TIMEOUT).until(() -> "RUNNING".equals(check.state()));
    }

    @AfterAll
    void stopCheck() {
        check.close();
        env.close();
    }

    private TokenRecord usableToken() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return random.record(TokenKind.REFRESH_TOKEN).toBuilder()
                .issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(3_600)).revokedAt(null).build();
    }

    private void committed(String store, TokenRecord record) {
        long now = System.currentTimeMillis();
        env.send(ChangeEvent.upsert(store, record, now, now, "legacy".equals(store)
                ? new BinlogPosition("mariadb-bin.000001", ++position, 0) : new Lsn(++position)));
        env.flush();
    }

    @Test
    void anOutOfBandScopeChangeIsSettledMajorDivergenceWithinFiveSeconds() {
        TokenRecord token = usableToken();
        committed("legacy", token);
        committed("engine", token);
        // The old server's UPDATE of granted_scope keeps tandem_version as it was.
        committed("legacy", token.toBuilder().scopes(Set.of("admin")).build());

        await("settled major divergence").atMost(FIVE_SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> env.divergences().containsKey(token.id()));
        Divergence divergence = env.divergences().get(token.id());
        assertThat(divergence.kind()).isEqualTo(VerdictKind.FIELD_MISMATCH);
        assertThat(divergence.severity()).isEqualTo(Severity.MAJOR);
        assertThat(divergence.fields()).containsExactly(TokenField.SCOPES);
        assertThat(divergence.engine()).isEqualTo(token);
    }

    @Test
    void aRevocationTheEngineMissedIsCriticalUntilTheEngineHasItToo() {
        TokenRecord token = usableToken();
        committed("legacy", token);
        committed("engine", token);
        TokenRecord revoked = token.toBuilder().revokedAt(Instant.now()).build();
        committed("legacy", revoked);

        await("settled critical divergence").atMost(FIVE_SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> env.divergences().containsKey(token.id()));
        assertThat(env.divergences().get(token.id()).severity()).isEqualTo(Severity.CRITICAL);

        committed("engine", revoked);
        await("tombstone once both agree").atMost(FIVE_SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> !env.divergences().containsKey(token.id()));
    }

    @Test
    void statusAndMetricsCountSettledDivergenceAndLag() {
        TokenRecord orphan = usableToken().toBuilder().revokedAt(Instant.now()).build();
        committed("engine", orphan);
        await("settled").atMost(FIVE_SECONDS).until(() -> env.divergences().containsKey(orphan.id()));

        String instance = env.settings.get(CheckerConfig.INSTANCE_ID_CONFIG);
        await("status of this instance reports it").atMost(FIVE_SECONDS).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CheckerStatus status = env.statuses().get(instance);
            assertThat(status).isNotNull();
            assertThat(status.state()).isEqualTo("RUNNING");
            assertThat(status.byKind().get(VerdictKind.MISSING_IN_LEGACY)).isGreaterThanOrEqualTo(1);
            assertThat(status.settled().get(Severity.MINOR)).isGreaterThanOrEqualTo(1);
            assertThat(status.lagMs()).containsEntry(Side.LEGACY, 0L).containsEntry(Side.ENGINE, 0L);
            assertThat(status.partitions()).containsExactly(0, 1, 2);
        });
        String scrape = registry.scrape();
        assertThat(scrape).containsPattern("tandem_checker_settled_keys\\{kind=\"missing_in_legacy\",severity=\"minor\"} [1-9]");
        assertThat(scrape).contains("tandem_checker_lag_seconds{store=\"engine\"}");
        assertThat(scrape).containsPattern("tandem_checker_events_total\\{store=\"engine\"} [1-9]");
        assertThat(scrape).contains("tandem_checker_pending_keys");
    }

    @Test
    void aMalformedChangeBecomesACountedDeadLetterAndTheStreamGoesOn() throws Exception {
        String id = random.id();
        env.sendRaw(Side.LEGACY, id, "{\"op\":\"upsert\",\"store\":\"legacy\"".getBytes(StandardCharsets.UTF_8));
        TokenRecord after = usableToken();
        committed("legacy", after);

        await("the good change after the bad one is checked").atMost(FIVE_SECONDS)
                .until(() -> env.divergences().containsKey(after.id()));
        assertThat(check.stats().deadLetters(Side.LEGACY)).isGreaterThanOrEqualTo(1);
        List<ConsumerRecord<String, byte[]>> letters = env.readAll(env.topic(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG));
        JsonNode letter = letters.stream().filter(r -> id.equals(r.key())).map(r -> read(r.value())).findFirst().orElseThrow();
        assertThat(letter.path("store").asText()).isEqualTo("legacy");
        assertThat(letter.path("reason").asText()).startsWith("check: ").contains("not JSON");
        assertThat(letter.path("position").asText()).startsWith(env.topic(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG) + "-");
    }

    private static JsonNode read(byte[] json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
