package dev.tandem.testing;

import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.model.client.ClientUpsertResult;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link ClientStore} must show, run against each adapter on its real server,
 * as {@link TokenStoreContract} is for tokens. An adapter's IT extends this class and returns a
 * store on a fresh, empty database. Clients carry no approximated field: every store holds each
 * exactly, redirect URIs in registration order and spelling included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClientStoreContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    protected ClientStore store;
    protected final RandomClients random = new RandomClients(System.nanoTime());

    /** A store over a fresh database holding the store's schema and nothing else. Called once per class. */
    protected abstract ClientStore createStore();

    @BeforeAll
    void createStoreOnce() {
        store = createStore();
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    private ClientRecord stored(String id) {
        return await(store.lookup(id)).orElseThrow(() -> new AssertionError("store holds no client " + id));
    }

    @Test
    void roundTripKeepsEveryFieldOfPublicAndConfidentialClients() {
        for (int i = 0; i < 20; i++) {
            ClientRecord record = i % 2 == 0 ? random.publicClient() : random.confidentialClient();
            ClientUpsertResult result = await(store.upsert(record));
            assertThat(result.applied()).as("seed %d", random.seed()).isTrue();
            assertThat(result.stored()).as("the upsert's answer (seed %d)", random.seed()).isEqualTo(record);
            assertThat(stored(record.id())).as("the stored client (seed %d)", random.seed()).isEqualTo(record);
        }
    }

    @Test
    void redirectUrisKeepTheirOrderAndExactSpelling() {
        List<String> uris = List.of("https://a.example/cb/", "https://a.example/cb", "https://A.example/cb",
                "https://a.example/cb?x=1", "http://localhost:8080/cb");
        ClientRecord record = withRedirectUris(random.confidentialClient(), uris);

        await(store.upsert(record));

        assertThat(stored(record.id()).redirectUris()).containsExactlyElementsOf(uris);
    }

    @Test
    void aRotationKeepsTheCurrentAndThePreviousSecretAndDroppingTheOldOneClearsIt() {
        ClientRecord client = random.confidentialClient();
        await(store.upsert(client));
        ClientRecord rotated = client.withSecret(random.secretHash(), false, client.updatedAt().plusSeconds(10))
                .withVersion(client.version() + 1);
        await(store.upsert(rotated));
        assertThat(stored(client.id()).previousSecretHash()).isEqualTo(client.secretHash());

        ClientRecord revokedOld = rotated.withSecret(random.secretHash(), true, rotated.updatedAt().plusSeconds(10))
                .withVersion(rotated.version() + 1);
        await(store.upsert(revokedOld));

        assertThat(stored(client.id())).isEqualTo(revokedOld);
        assertThat(stored(client.id()).previousSecretHash()).isNull();
    }

    @Test
    void lookupOfAnUnknownClientIsEmpty() {
        assertThat(await(store.lookup(random.id()))).isEmpty();
        assertThat(await(store.find(random.id()))).isEmpty();
    }

    @Test
    void aNewerVersionReplacesTheStoredClient() {
        ClientRecord first = random.confidentialClient().withVersion(100);
        await(store.upsert(first));
        ClientRecord second = withRedirectUris(first, List.of("https://new.example/cb")).withVersion(200);

        ClientUpsertResult result = await(store.upsert(second));

        assertThat(result.applied()).isTrue();
        assertThat(result.stored()).isEqualTo(second);
        assertThat(stored(first.id())).isEqualTo(second);
    }

    @Test
    void anOlderVersionLosesAndIsAnsweredTheStoredClient() {
        ClientRecord newer = random.confidentialClient().withVersion(200);
        await(store.upsert(newer));
        ClientRecord older = withRedirectUris(newer, List.of("https://stale.example/cb")).withVersion(100);

        ClientUpsertResult result = await(store.upsert(older));

        assertThat(result.applied()).isFalse();
        assertThat(result.stored()).isEqualTo(newer);
        assertThat(stored(newer.id())).isEqualTo(newer);
    }

    @Test
    void anEqualVersionIsNotApplied() {
        ClientRecord record = random.publicClient();
        await(store.upsert(record));

        ClientUpsertResult replay = await(store.upsert(record));
        ClientUpsertResult sameVersionOtherFields = await(store.upsert(withRedirectUris(record, List.of("https://other.example/cb"))));

        assertThat(replay.applied()).isFalse();
        assertThat(sameVersionOtherFields.applied()).as("one version is one write: the first one stays").isFalse();
        assertThat(sameVersionOtherFields.stored()).isEqualTo(record);
    }

    @Test
    void aTombstoneIsAnUpsertThatLookupReturnsAndFindDoesNot() {
        ClientRecord live = random.record();
        await(store.upsert(live));
        ClientRecord tombstone = live.tombstone(live.version() + 1, live.updatedAt().plusSeconds(60));

        ClientUpsertResult result = await(store.upsert(tombstone));

        assertThat(result.applied()).isTrue();
        assertThat(result.stored()).isEqualTo(tombstone);
        assertThat(await(store.lookup(live.id()))).contains(tombstone);
        assertThat(await(store.find(live.id()))).as("find skips a tombstone").isEmpty();

        ClientUpsertResult resurrection = await(store.upsert(live));
        assertThat(resurrection.applied()).as("the older live record must not bring the client back").isFalse();
        assertThat(await(store.find(live.id()))).isEmpty();
    }

    @Test
    void scanPagesInIdOrderIncludingTombstones() {
        // A prefix of its own, after every other test's ids, so the scan can start from a known point.
        String prefix = "zz-scan-" + Long.toHexString(random.seed()) + "-";
        List<ClientRecord> written = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            ClientRecord client = withId(random.record(), prefix + random.id());
            written.add(i % 4 == 0 ? client.tombstone(client.version() + 1, client.updatedAt()) : client);
        }
        written.forEach(client -> await(store.upsert(client)));
        written.sort(Comparator.comparing(ClientRecord::id));

        List<ClientRecord> scanned = new ArrayList<>();
        String after = prefix;
        for (List<ClientRecord> page = await(store.scan(after, 5)); !page.isEmpty(); page = await(store.scan(after, 5))) {
            assertThat(page).hasSizeLessThanOrEqualTo(5);
            scanned.addAll(page);
            after = page.get(page.size() - 1).id();
        }

        assertThat(scanned).containsExactlyElementsOf(written);
        assertThat(await(store.scan(null, 1))).hasSize(1);
    }

    @Test
    void concurrentUpsertsOfOneClientEndAtTheHighestVersion() {
        ClientRecord client = random.confidentialClient();
        List<Uni<ClientUpsertResult>> writers = new ArrayList<>();
        for (long version = 1; version <= 20; version++) {
            writers.add(store.upsert(withRedirectUris(client, List.of("https://v" + version + ".example/cb")).withVersion(version)));
        }

        List<ClientUpsertResult> results = await(Uni.join().all(writers).andFailFast());

        ClientRecord last = stored(client.id());
        assertThat(last.version()).isEqualTo(20);
        assertThat(last.redirectUris()).containsExactly("https://v20.example/cb");
        assertThat(results).as("the write of version 20 applied").anySatisfy(result -> {
            assertThat(result.applied()).isTrue();
            assertThat(result.stored().version()).isEqualTo(20);
        });
    }

    protected static ClientRecord withRedirectUris(ClientRecord client, List<String> uris) {
        return new ClientRecord(client.id(), client.name(), client.secretHash(), client.previousSecretHash(), uris,
                client.grantTypes(), client.authMethod(), client.scopes(), client.createdAt(), client.updatedAt(),
                client.deleted(), client.version());
    }

    protected static ClientRecord withId(ClientRecord client, String id) {
        return new ClientRecord(id, client.name(), client.secretHash(), client.previousSecretHash(), client.redirectUris(),
                new TreeSet<>(client.grantTypes()), client.authMethod(), client.scopes(), client.createdAt(),
                client.updatedAt(), client.deleted(), client.version());
    }
}
