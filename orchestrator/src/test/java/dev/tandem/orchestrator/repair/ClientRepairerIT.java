package dev.tandem.orchestrator.repair;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.orchestrator.stores.FreshStores;
import dev.tandem.testing.RandomClients;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Client repair against real MariaDB and PostgreSQL: divergence planted by SQL converges by version, tombstones included. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientRepairerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final RandomClients random = new RandomClients(System.nanoTime());
    private final ClientRepairer repairer = new ClientRepairer(new HybridLogicalClock(7));
    private FreshStores stores;

    @BeforeAll
    void createStores() {
        stores = FreshStores.create(4);
    }

    @AfterAll
    void closeStores() {
        stores.close();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    private ClientRecord lookup(ClientStore store, String id) {
        return await(store.lookup(id)).orElse(null);
    }

    private RepairResult repair(String id) {
        return await(repairer.repair(id, stores.legacyClients, stores.engineClients));
    }

    private ClientRecord inBoth() {
        ClientRecord client = random.confidentialClient();
        await(stores.legacyClients.upsert(client));
        await(stores.engineClients.upsert(client));
        return client;
    }

    private void sql(boolean legacy, String sql, Object... parameters) throws Exception {
        try (Connection connection = (legacy ? stores.legacyEndpoint : stores.engineEndpoint).connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aClientMissingInTheEngineIsCopiedThere() throws Exception {
        ClientRecord client = inBoth();
        sql(false, "DELETE FROM oauth_client WHERE id = ?", client.id());

        RepairResult result = repair(client.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(result.detail()).contains("absent there").contains("now equal");
        assertThat(lookup(stores.engineClients, client.id())).isEqualTo(client);
    }

    @Test
    void aNewerSecretInOneStoreReachesTheOtherAndNoHashIsInTheResult() throws Exception {
        ClientRecord client = inBoth();
        ClientRecord rotated = client.withSecret(random.secretHash(), false, Instant.now()).withVersion(client.version() + 10);
        await(stores.engineClients.upsert(rotated));

        RepairResult result = repair(client.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(lookup(stores.legacyClients, client.id())).isEqualTo(rotated);
        assertThat(result.detail()).doesNotContain(rotated.secretHash()).doesNotContain(client.secretHash());
    }

    @Test
    void aDeletedClientStaysDeletedEverywhere() throws Exception {
        ClientRecord client = inBoth();
        ClientRecord tombstone = client.tombstone(client.version() + 5, Instant.now());
        await(stores.legacyClients.upsert(tombstone));

        RepairResult result = repair(client.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(result.detail()).contains("(a tombstone)");
        assertThat(lookup(stores.engineClients, client.id())).isEqualTo(tombstone);
        assertThat(await(stores.engineClients.find(client.id()))).isEmpty();
    }

    @Test
    void anOutOfBandEditInLegacyAtTheSameVersionWinsAndIsReStamped() throws Exception {
        ClientRecord client = inBoth();
        sql(true, "UPDATE hydra_client SET client_name = 'renamed by the old server' WHERE id = ?", client.id());

        RepairResult result = repair(client.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(result.detail()).contains("re-stamped legacy's record");
        ClientRecord engine = lookup(stores.engineClients, client.id());
        assertThat(engine.name()).isEqualTo("renamed by the old server");
        assertThat(engine.version()).isGreaterThan(client.version());
        assertThat(lookup(stores.legacyClients, client.id())).isEqualTo(engine);
    }

    @Test
    void equalAndAbsentClientsNeedNothing() {
        ClientRecord client = inBoth();

        assertThat(repair(client.id()).outcome()).isEqualTo(RepairOutcome.ALREADY_EQUAL);
        assertThat(repair("app-never-registered").detail()).isEqualTo("absent from both stores");
        assertThat(repair(" ").outcome()).isEqualTo(RepairOutcome.FAILED);
    }
}
