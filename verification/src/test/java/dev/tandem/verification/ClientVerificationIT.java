package dev.tandem.verification;

import dev.tandem.model.client.ClientRecord;
import dev.tandem.testing.RandomClients;
import dev.tandem.verification.compare.ClientComparison;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Verification of clients (apps) against real MariaDB and PostgreSQL: a client missing or different
 * in one store, planted by SQL, is a difference of entity {@code client}; equal stores are clean; a
 * secret hash is named as differing and never shown.
 */
class ClientVerificationIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    private StorePair stores;
    private Verification verification;

    @BeforeEach
    void setUp() throws Exception {
        stores = new StorePair();
    }

    @AfterEach
    void tearDown() {
        if (verification != null) {
            verification.close();
        }
        stores.close();
    }

    @Test
    void equalClientsInBothStoresGiveACleanRun() {
        seed(12, 5);
        ClientRecord rotating = confidential(new RandomClients(6));
        ClientRecord rotated = rotating.withSecret(new RandomClients(7).secretHash(), false, Instant.now()).withVersion(rotating.version() + 1);
        stores.writeBoth(rotated);
        ClientRecord deleted = new RandomClients(8).publicClient();
        stores.writeBoth(deleted.tombstone(deleted.version() + 1, Instant.now()));

        VerificationReport report = runToEnd();

        assertThat(report.differences()).isEmpty();
        assertThat(report.status().clean()).isTrue();
        assertThat(report.status().differences()).isZero();
        assertThat(report.status().chunksDone()).as("the clients' chunk is not a token chunk").isEqualTo(2);
    }

    @Test
    void clientsMissingOrDifferentInOneStoreAreReportedAsClientDifferences() throws Exception {
        List<ClientRecord> clients = seed(10, 17);
        ClientRecord goneFromEngine = clients.get(0);
        stores.engineSql("DELETE FROM oauth_client WHERE id = ?", goneFromEngine.id());
        ClientRecord goneFromLegacy = clients.get(1);
        stores.legacySql("DELETE FROM hydra_client WHERE id = ?", goneFromLegacy.id());
        ClientRecord renamed = clients.get(2);
        stores.legacySql("UPDATE hydra_client SET client_name = 'renamed behind tandem' WHERE id = ?", renamed.id());
        ClientRecord redirect = clients.get(3);
        stores.engineSql("UPDATE oauth_client SET redirect_uris = array_append(redirect_uris, 'https://planted.example/cb')"
                + " WHERE id = ?", redirect.id());
        ClientRecord secret = confidential(new RandomClients(18));
        stores.writeBoth(secret);
        String plantedHash = new RandomClients(19).secretHash();
        stores.engineSql("UPDATE oauth_client SET secret_hash = ?, version = version + 1 WHERE id = ?", plantedHash, secret.id());
        ClientRecord tombstoned = clients.get(4);
        stores.legacySql("UPDATE hydra_client SET tandem_deleted = 1 WHERE id = ?", tombstoned.id());
        ClientRecord broken = clients.get(5);
        // The old server knows methods Tandem does not serve; the engine's schema refuses them outright.
        stores.legacySql("UPDATE hydra_client SET token_endpoint_auth_method = 'private_key_jwt' WHERE id = ?", broken.id());

        VerificationReport report = runToEnd();

        assertThat(report.differences()).allSatisfy(difference -> assertThat(difference.entity()).isEqualTo(EntityKind.CLIENT));
        assertThat(report.differences()).extracting(Difference::id).containsExactlyInAnyOrder(goneFromEngine.id(),
                goneFromLegacy.id(), renamed.id(), redirect.id(), secret.id(), tombstoned.id(), broken.id());
        assertThat(report.status().differences()).isEqualTo(7);
        assertThat(report.status().clean()).isFalse();
        assertThat(difference(report, goneFromEngine).kind()).isEqualTo(DifferenceKind.MISSING_IN_ENGINE);
        assertThat(difference(report, goneFromEngine).legacy()).containsEntry("name", goneFromEngine.name());
        assertThat(difference(report, goneFromLegacy).kind()).isEqualTo(DifferenceKind.MISSING_IN_LEGACY);
        assertThat(difference(report, renamed).fields()).containsExactly("name");
        assertThat(difference(report, redirect).fields()).containsExactly("redirectUris");
        assertThat(difference(report, secret).kind()).isEqualTo(DifferenceKind.FIELD_MISMATCH);
        assertThat(difference(report, secret).fields()).containsExactly("secretHash", "version");
        assertThat(difference(report, tombstoned).fields()).containsExactly("deleted");
        assertThat(difference(report, broken).kind()).isEqualTo(DifferenceKind.UNREADABLE_IN_LEGACY);
        assertThat(difference(report, broken).detail()).contains("private_key_jwt");

        String json = report.toJson();
        assertThat(json).containsPattern("\"entity\"\\s*:\\s*\"client\"")
                .containsPattern("\"secretHash\"\\s*:\\s*\"" + java.util.regex.Pattern.quote(ClientComparison.SECRET_SET) + "\"");
        assertThat(json).doesNotContain(secret.secretHash()).doesNotContain(plantedHash);
        for (ClientRecord client : clients) {
            if (client.secretHash() != null) {
                assertThat(json).doesNotContain(client.secretHash());
            }
        }
    }

    @Test
    void aClientAndATokenWithTheSameIdAreTwoDifferences() throws Exception {
        // Client ids are chosen by the registrant; one may look like a token hash. Keys of two spaces.
        String id = "c".repeat(64);
        ClientRecord client = withId(new RandomClients(29).publicClient(), id);
        stores.legacyClients().upsert(client).await().atMost(Duration.ofSeconds(30));
        dev.tandem.model.TokenRecord token = new dev.tandem.testing.RandomTokens(29).record().toBuilder().id(id)
                .issuedAt(Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .expiresAt(Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .revokedAt(null).build();
        stores.legacy().upsert(token).await().atMost(Duration.ofSeconds(30));

        VerificationReport report = runToEnd();

        assertThat(report.differences()).extracting(Difference::entity, Difference::id, Difference::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(EntityKind.TOKEN, id, DifferenceKind.MISSING_IN_ENGINE),
                org.assertj.core.groups.Tuple.tuple(EntityKind.CLIENT, id, DifferenceKind.MISSING_IN_ENGINE));
    }

    private List<ClientRecord> seed(int count, long seed) {
        RandomClients random = new RandomClients(seed);
        List<ClientRecord> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ClientRecord client = random.record();
            stores.writeBoth(client);
            clients.add(client);
        }
        return clients;
    }

    private static ClientRecord confidential(RandomClients random) {
        return random.confidentialClient();
    }

    private static ClientRecord withId(ClientRecord c, String id) {
        return new ClientRecord(id, c.name(), c.secretHash(), c.previousSecretHash(), c.redirectUris(), c.grantTypes(),
                c.authMethod(), c.scopes(), c.createdAt(), c.updatedAt(), c.deleted(), c.version());
    }

    private VerificationReport runToEnd() {
        verification = new Verification(stores.legacySource, stores.engineSource,
                VerificationSettings.defaults().withChunks(2));
        long runId = verification.start("DUAL_WRITE");
        await().atMost(RUN_TIMEOUT).until(() -> verification.status(runId).orElseThrow().state() != VerificationState.RUNNING);
        VerificationReport report = verification.report(runId);
        assertThat(report.status().state()).as("run %d: %s", runId, report.status().error()).isEqualTo(VerificationState.DONE);
        return report;
    }

    private static Difference difference(VerificationReport report, ClientRecord client) {
        return report.differences().stream().filter(difference -> difference.entity() == EntityKind.CLIENT
                && difference.id().equals(client.id())).findFirst().orElseThrow();
    }
}
