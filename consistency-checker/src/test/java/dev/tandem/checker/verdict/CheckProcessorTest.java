package dev.tandem.checker.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.change.Lsn;
import dev.tandem.contract.change.SourcePosition;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CheckProcessorTest {
    private static final long GRACE_MS = 1_500;
    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private final CheckDriver check = new CheckDriver(GRACE_MS);
    private long position;

    @AfterEach
    void close() {
        check.close();
    }

    /** Random but for its scopes: never {@code admin}, the scope the out-of-band changes below set. */
    private TokenRecord usableToken() {
        Instant now = Instant.ofEpochMilli(check.now());
        return random.record(TokenKind.REFRESH_TOKEN).toBuilder().scopes(Set.of("openid", "read:tokens"))
                .issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(3_600)).revokedAt(null).build();
    }

    private ChangeEvent upsert(String store, TokenRecord record) {
        position++;
        return ChangeEvent.upsert(store, record, check.now(), check.now(), position(store));
    }

    private ChangeEvent delete(String store, String id) {
        position++;
        return ChangeEvent.delete(store, id, check.now(), check.now(), position(store));
    }

    private SourcePosition position(String store) {
        return "legacy".equals(store) ? new BinlogPosition("mariadb-bin.000001", position, 0) : new Lsn(position);
    }

    @Test
    void aPairThatMatchesIsNeverReported() {
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        check.pipe(upsert("engine", token));
        check.advance(5_000);
        assertThat(check.published()).isEmpty();
        assertThat(check.stats.pending()).isZero();
        assertThat(check.keys().get(token.id()).phase()).isEqualTo(KeyState.Phase.MATCH);
    }

    @Test
    void aMissingMirrorStaysPendingForTheGraceWindowThenSettlesAsCritical() {
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        assertThat(check.stats.pending()).isEqualTo(1);

        check.advance(GRACE_MS - 200);
        assertThat(check.divergences()).isEmpty();

        check.advance(400);
        Divergence divergence = check.divergences().get(token.id());
        assertThat(divergence).isNotNull();
        assertThat(divergence.kind()).isEqualTo(VerdictKind.MISSING_IN_ENGINE);
        assertThat(divergence.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(divergence.legacy()).isEqualTo(token);
        assertThat(divergence.engine()).isNull();
        assertThat(divergence.since()).isEqualTo(CheckDriver.START);
        assertThat(check.stats.pending()).isZero();
        assertThat(check.stats.settled(Severity.CRITICAL, VerdictKind.MISSING_IN_ENGINE)).isEqualTo(1);
    }

    @Test
    void aMirrorArrivingWithinTheGraceWindowLeavesNoTrace() {
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        check.advance(1_000);
        check.pipe(upsert("engine", token));
        check.advance(5_000);
        assertThat(check.published()).isEmpty();
        assertThat(check.stats.pending()).isZero();
    }

    @Test
    void anOutOfBandScopeChangeSettlesAsMajorNamingTheField() {
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        check.pipe(upsert("engine", token));
        check.advance(1_000);
        // The old server's UPDATE does not bump tandem_version.
        check.pipe(upsert("legacy", token.toBuilder().scopes(Set.of("admin")).build()));
        check.advance(GRACE_MS + 200);

        Divergence divergence = check.divergences().get(token.id());
        assertThat(divergence.kind()).isEqualTo(VerdictKind.FIELD_MISMATCH);
        assertThat(divergence.severity()).isEqualTo(Severity.MAJOR);
        assertThat(divergence.fields()).containsExactly(TokenField.SCOPES);
        assertThat(divergence.legacy().scopes()).containsExactly("admin");
        assertThat(divergence.engine().scopes()).isEqualTo(token.scopes());
    }

    private static ChangeEvent at(ChangeEvent event, long committedAtMs, SourcePosition position) {
        return new ChangeEvent(event.store(), event.tokenId(), event.op(), event.record(), committedAtMs, committedAtMs, position);
    }

    @Test
    void twoLegacyChangesOfOneSecondArrivingInReverseBinlogOrderEndInTheLaterOne() {
        TokenRecord token = usableToken();
        TokenRecord changed = token.toBuilder().scopes(Set.of("admin")).build();
        long second = check.now() - check.now() % 1_000;
        ChangeEvent first = at(upsert("legacy", token), second, new BinlogPosition("mariadb-bin.000004", 900, 0));
        ChangeEvent then = at(upsert("legacy", changed), second, new BinlogPosition("mariadb-bin.000004", 1_200, 0));
        check.pipe(upsert("engine", token));
        check.pipe(upsert("engine", changed));
        check.pipe(then);
        check.pipe(first);
        check.pipe(then);
        check.pipe(first);
        check.advance(5_000);
        assertThat(check.published()).isEmpty();
        assertThat(check.keys().get(token.id()).legacy().record()).isEqualTo(changed);
    }

    /**
     * Both captures stamp a snapshot row with the time they read it, later than the commit of a change
     * made during the snapshot, which the log holds after the snapshot's position.
     */
    @Test
    void aDeleteCommittedDuringTheSnapshotRemovesTheSnapshotRowInBothStores() {
        TokenRecord token = usableToken();
        long readAt = check.now() + 5_000;
        check.pipe(at(upsert("legacy", token), readAt, new BinlogPosition("mariadb-bin.000004", 400, 0)));
        check.pipe(at(delete("legacy", token.id()), check.now(), new BinlogPosition("mariadb-bin.000004", 1_200, 0)));
        check.pipe(at(upsert("engine", token), readAt, Lsn.parse("0/16B3748")));
        check.pipe(at(delete("engine", token.id()), check.now(), Lsn.parse("0/16B3800")));
        check.advance(5_000);
        assertThat(check.published()).isEmpty();
        assertThat(check.keys().get(token.id()).legacy().present()).isFalse();
        assertThat(check.keys().get(token.id()).engine().present()).isFalse();
    }

    @Test
    void aRevocationMissingOnOneSideIsCriticalAndATombstoneFollowsTheRepair() {
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        check.pipe(upsert("engine", token));
        TokenRecord revoked = token.toBuilder().revokedAt(Instant.ofEpochMilli(check.now())).build();
        check.pipe(upsert("legacy", revoked));
        check.advance(GRACE_MS + 200);
        Divergence divergence = check.divergences().get(token.id());
        assertThat(divergence.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(divergence.fields()).containsExactly(TokenField.REVOKED_AT);

        check.pipe(upsert("engine", revoked));
        assertThat(check.divergences()).doesNotContainKey(token.id());
        List<TestRecord<String, byte[]>> published = check.published();
        assertThat(published.get(published.size() - 1).value()).as("a tombstone").isNull();
        assertThat(check.stats.settled(Severity.CRITICAL)).isZero();
    }

    @Test
    void laggingStreamHoldsTheVerdictPendingUntilItIsReadPastTheDivergence() {
        TokenRecord token = usableToken();
        check.unread(Side.ENGINE, 3);
        check.pipe(upsert("legacy", token));
        check.advance(GRACE_MS * 4);
        assertThat(check.divergences()).as("the engine's topic is not read to its end").isEmpty();
        assertThat(check.stats.pending()).isEqualTo(1);
        assertThat(check.stats.progress().lagMs(Side.ENGINE, check.now())).isPositive();

        check.unread(Side.ENGINE, 0);
        check.advance(400);
        assertThat(check.divergences()).containsKey(token.id());
    }

    @Test
    void aStreamWithNothingReadYetIsTimedFromItsTakeoverNotFromTheEpoch() {
        // Kafka Streams' context time is 0 in a processor's init: a takeover timed by it read 1970.
        check.unread(Side.ENGINE, 3);
        check.advance(2_000);
        assertThat(check.stats.progress().lagMs(Side.ENGINE, check.now())).isEqualTo(2_000);
    }

    @Test
    void aHeartbeatMovesTheWatermarkOnly() {
        java.util.concurrent.atomic.AtomicInteger latencies = new java.util.concurrent.atomic.AtomicInteger();
        check.stats.onVerdictLatency((side, ms) -> latencies.incrementAndGet());
        check.pipeHeartbeat(Side.ENGINE, check.now());

        org.apache.kafka.common.TopicPartition partition =
                new org.apache.kafka.common.TopicPartition(CheckDriver.TOPICS.engineChanges(), 0);
        assertThat(check.stats.progress().watermarkMs(partition)).isEqualTo(check.now());
        assertThat(check.keys().get(ChangeEvent.HEARTBEAT_KEY)).isNull();
        assertThat(check.keys().approximateNumEntries()).isZero();
        assertThat(check.stats.events(Side.ENGINE)).isZero();
        assertThat(check.stats.deadLetters(Side.ENGINE)).isZero();
        assertThat(check.deadLetters()).isEmpty();
        assertThat(latencies).hasValue(0);
        assertThat(check.stats.pending()).isZero();
        assertThat(check.stats.progress().lagMs(Side.ENGINE, check.now())).isZero();

        check.advance(10_000);
        assertThat(check.stats.progress().lagMs(Side.ENGINE, check.now()))
                .as("read to its end, but its newest heartbeat 10 s old").isEqualTo(10_000);
        check.pipeHeartbeat(Side.ENGINE, check.now() - 300);
        assertThat(check.stats.progress().lagMs(Side.ENGINE, check.now())).isZero();
        assertThat(check.published()).isEmpty();
    }

    @Test
    void heartbeatsReadPastTheDivergencePlusGraceReleaseItWhileTheStreamsStillLag() {
        TokenRecord token = usableToken();
        check.unread(Side.ENGINE, 100);
        check.unread(Side.LEGACY, 100);
        check.pipe(upsert("legacy", token));
        check.advance(GRACE_MS + 500);
        assertThat(check.divergences()).isEmpty();

        check.pipeHeartbeat(Side.ENGINE, check.now());
        check.pipeHeartbeat(Side.LEGACY, check.now());
        check.advance(400);
        assertThat(check.divergences()).containsOnlyKeys(token.id());
    }

    @Test
    void eventsReadPastTheDivergencePlusGraceReleaseItEvenWhileTheStreamStillLags() {
        TokenRecord token = usableToken();
        TokenRecord other = usableToken();
        check.unread(Side.ENGINE, 100);
        check.unread(Side.LEGACY, 100);
        check.pipe(upsert("legacy", token));
        check.advance(GRACE_MS + 500);
        assertThat(check.divergences()).isEmpty();
        // Both streams move past the divergent write's commit plus grace: its mirror would have come by now.
        check.pipe(upsert("engine", other));
        check.pipe(upsert("legacy", other));
        check.advance(400);
        assertThat(check.divergences()).containsOnlyKeys(token.id());
    }

    @Test
    void aSettledDivergenceIsRegradedWhenTheTokenExpires() {
        Instant now = Instant.ofEpochMilli(check.now());
        TokenRecord token = usableToken().toBuilder().expiresAt(now.plusSeconds(10)).build();
        check.pipe(upsert("legacy", token));
        check.advance(GRACE_MS + 200);
        assertThat(check.divergences().get(token.id()).severity()).isEqualTo(Severity.CRITICAL);

        check.advance(10_000);
        assertThat(check.divergences().get(token.id()).severity()).as("an expired token is unusable either way").isEqualTo(Severity.MINOR);
        assertThat(check.stats.settled(Severity.CRITICAL)).isZero();
        assertThat(check.stats.settled(Severity.MINOR, VerdictKind.MISSING_IN_ENGINE)).isEqualTo(1);
    }

    @Test
    void aDeleteOnBothSidesIsAMatchAndAnOlderReplayedUpsertDoesNotResurrectIt() {
        TokenRecord token = usableToken();
        ChangeEvent legacyInsert = upsert("legacy", token);
        ChangeEvent engineInsert = upsert("engine", token);
        check.pipe(legacyInsert);
        check.pipe(engineInsert);
        check.advance(100);
        check.pipe(delete("legacy", token.id()));
        check.pipe(delete("engine", token.id()));
        check.pipe(legacyInsert);
        check.advance(GRACE_MS * 2);
        assertThat(check.published()).isEmpty();
        assertThat(check.keys().get(token.id()).absentFromBoth()).isTrue();
    }

    @Test
    void anIdGoneFromBothStoresIsForgottenAfterThePurgeDelay() {
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        check.pipe(upsert("engine", token));
        check.pipe(delete("legacy", token.id()));
        check.pipe(delete("engine", token.id()));
        check.advance(Duration.ofMinutes(59).toMillis());
        assertThat(check.keys().get(token.id())).as("still remembered, against replays").isNotNull();
        check.advance(Duration.ofMinutes(2).toMillis());
        assertThat(check.keys().get(token.id())).isNull();
        assertThat(check.published()).isEmpty();
    }

    @Test
    void aCleanupJobDeletingOnlyLegacyRowsIsReportedAsMissingInLegacy() {
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        check.pipe(upsert("engine", token));
        check.advance(100);
        check.pipe(delete("legacy", token.id()));
        check.advance(GRACE_MS + 200);
        assertThat(check.divergences().get(token.id()).kind()).isEqualTo(VerdictKind.MISSING_IN_LEGACY);
    }

    @Test
    void aMalformedEventBecomesACountedDeadLetterAndTheStreamGoesOn() throws Exception {
        String id = random.id();
        check.pipeRaw(Side.LEGACY, id, "{not json".getBytes(StandardCharsets.UTF_8));
        check.pipeRaw(Side.ENGINE, "not-an-id", "{\"op\":\"merge\"}".getBytes(StandardCharsets.UTF_8));
        TokenRecord token = usableToken();
        check.pipe(upsert("legacy", token));
        check.pipeRaw(Side.ENGINE, random.id(), ChangeEventCodec.encode(upsert("engine", token)));

        List<TestRecord<String, byte[]>> letters = check.deadLetters();
        assertThat(letters).hasSize(3);
        JsonNode first = new ObjectMapper().readTree(letters.get(0).value());
        assertThat(first.path("store").asText()).isEqualTo("legacy");
        assertThat(first.path("tokenId").asText()).isEqualTo(id);
        assertThat(first.path("reason").asText()).contains("not JSON");
        assertThat(new ObjectMapper().readTree(letters.get(1).value()).path("tokenId").isNull()).isTrue();
        assertThat(new ObjectMapper().readTree(letters.get(2).value()).path("reason").asText()).contains("key is not the event's token id");
        assertThat(check.stats.deadLetters(Side.LEGACY)).isEqualTo(1);
        assertThat(check.stats.deadLetters(Side.ENGINE)).isEqualTo(2);

        check.pipe(upsert("engine", token));
        check.advance(GRACE_MS * 2);
        assertThat(check.published()).as("the good events after the bad ones were checked").isEmpty();
        assertThat(check.keys().get(token.id()).phase()).isEqualTo(KeyState.Phase.MATCH);
    }

    @Test
    void anEventOnTheWrongStoresTopicIsADeadLetter() {
        TokenRecord token = usableToken();
        check.pipeRaw(Side.ENGINE, token.id(), ChangeEventCodec.encode(upsert("legacy", token)));
        assertThat(check.deadLetters()).hasSize(1);
        assertThat(check.keys().get(token.id())).isNull();
    }
}
