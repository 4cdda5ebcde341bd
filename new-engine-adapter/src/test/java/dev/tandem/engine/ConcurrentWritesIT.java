package dev.tandem.engine;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.UpsertResult;
import dev.tandem.testing.RandomTokens;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers, two application instances (two pools), one token: whatever order PostgreSQL
 * serializes them in, the row must end as the merge of all of them, which is the property that
 * keeps the two stores equal under dual writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentWritesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int TOKENS = 4;
    private static final int WRITES_PER_TOKEN = 25;

    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private EngineTestDatabase database;
    private Mutiny.SessionFactory secondInstance;
    private List<EngineTokenStore> instances;

    @BeforeAll
    void setUp() {
        database = EngineTestDatabase.create();
        secondInstance = EngineTestDatabase.sessionsOver(database.endpoint());
        instances = List.of(new EngineTokenStore(database.sessions()), new EngineTokenStore(secondInstance));
    }

    @AfterAll
    void tearDown() {
        secondInstance.close();
        database.close();
    }

    @RepeatedTest(3)
    void concurrentWritesToOneTokenEndInTheMergeOfAll() {
        List<List<TokenRecord>> writesPerToken = new ArrayList<>();
        List<Uni<UpsertResult>> all = new ArrayList<>();
        for (int t = 0; t < TOKENS; t++) {
            List<TokenRecord> writes = writesOfOneToken();
            writesPerToken.add(writes);
            for (int i = 0; i < writes.size(); i++) {
                all.add(instances.get(i % 2).upsert(writes.get(i)));
            }
        }
        Collections.shuffle(all, new java.util.Random(random.seed()));

        List<UpsertResult> results = Uni.join().all(all).andFailFast().await().atMost(TIMEOUT);

        for (List<TokenRecord> writes : writesPerToken) {
            TokenRecord expected = writes.stream().reduce(TokenRecord::mergedWith).orElseThrow();
            assertThat(instances.get(0).find(expected.id()).await().atMost(TIMEOUT))
                    .as("seed %d", random.seed()).contains(expected);
        }
        assertThat(results).as("the first write to each token always applies").filteredOn(UpsertResult::applied)
                .hasSizeGreaterThanOrEqualTo(TOKENS);
    }

    /** Variants of one token with distinct versions (as the clock guarantees), some revoked. */
    private List<TokenRecord> writesOfOneToken() {
        TokenRecord base = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).build();
        Set<Long> versions = new HashSet<>();
        List<TokenRecord> writes = new ArrayList<>();
        while (writes.size() < WRITES_PER_TOKEN) {
            long version = 1 + random.nextLong(1000);
            if (!versions.add(version)) {
                continue;
            }
            TokenRecord.Builder write = base.toBuilder().version(version).scopes(random.scopes())
                    .clientId("client-" + random.nextInt(5)).subject("user-" + random.nextInt(5));
            if (random.nextInt(4) == 0) {
                write.revokedAt(base.issuedAt().plusSeconds(1 + random.nextInt(100)));
            }
            writes.add(write.build());
        }
        return writes;
    }
}
