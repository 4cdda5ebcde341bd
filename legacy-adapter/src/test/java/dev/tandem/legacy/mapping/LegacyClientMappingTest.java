package dev.tandem.legacy.mapping;

import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.InvalidClientRecordException;
import dev.tandem.testing.RandomClients;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegacyClientMappingTest {
    private static final String HASH = "pbkdf2-sha256$310000$c2FsdA$aGFzaA";
    private static final String PREVIOUS_HASH = "pbkdf2-sha256$310000$b2xk$b2xkaGFzaA";
    private static final Instant CREATED = Instant.parse("2026-05-01T10:00:00Z");

    private final RandomClients random = new RandomClients(System.nanoTime());

    @Test
    void everyRandomClientSurvivesTheRoundTrip() {
        for (int i = 0; i < 2_000; i++) {
            ClientRecord record = random.record();
            if (i % 5 == 0) {
                record = record.tombstone(record.version() + 1, record.updatedAt().plusSeconds(1));
            }
            assertThat(LegacyClientMapping.toCanonical(LegacyClientMapping.toRow(record)))
                    .as("seed %d", random.seed()).isEqualTo(record);
        }
    }

    @Test
    void aRowIsWrittenInHydrasLayout() {
        ClientRecord record = new ClientRecord("app-1", "Billing", HASH, PREVIOUS_HASH,
                List.of("https://b.example/cb/", "https://a.example/cb"), new TreeSet<>(List.of("refresh_token", "authorization_code")),
                ClientAuthMethod.CLIENT_SECRET_POST, new TreeSet<>(List.of("openid", "email")), CREATED, CREATED.plusSeconds(5), false, 42);

        LegacyClientRow row = LegacyClientMapping.toRow(record);

        assertThat(row.redirectUris()).as("registration order, '|'-joined").isEqualTo("https://b.example/cb/|https://a.example/cb");
        assertThat(row.grantTypes()).isEqualTo("authorization_code|refresh_token");
        assertThat(row.responseTypes()).isEqualTo("code");
        assertThat(row.scope()).isEqualTo("email openid");
        assertThat(row.tokenEndpointAuthMethod()).isEqualTo("client_secret_post");
        assertThat(row.clientSecret()).isEqualTo(HASH);
        assertThat(row.metadata()).isEqualTo("{\"tandem_previous_secret_hash\":\"" + PREVIOUS_HASH + "\"}");
        assertThat(row.tandemVersion()).isEqualTo(42);
    }

    @Test
    void aPublicClientHasAnEmptySecretAndNoPreviousOne() {
        ClientRecord record = new ClientRecord("app-2", "Mobile", null, null, List.of("com.example.app:/cb"),
                new TreeSet<>(List.of("authorization_code")), ClientAuthMethod.NONE, new TreeSet<>(), CREATED, CREATED, false, 1);

        LegacyClientRow row = LegacyClientMapping.toRow(record);

        assertThat(row.clientSecret()).isEmpty();
        assertThat(row.metadata()).isEqualTo("{}");
        assertThat(row.tokenEndpointAuthMethod()).isEqualTo("none");
    }

    @Test
    void aRowTheOldServerWroteMapsWithHydrasDefaultsAndVersionZero() {
        Map<String, Object> columns = oldServerColumns();

        ClientRecord record = LegacyClientMapping.toCanonical(LegacyClientRow.fromColumns(columns));

        assertThat(record.authMethod()).as("'' is Hydra's default").isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
        assertThat(record.version()).isZero();
        assertThat(record.deleted()).isFalse();
        assertThat(record.previousSecretHash()).as("other metadata keys are the old server's").isNull();
        assertThat(record.scopes()).containsExactly("email", "openid", "profile");
        assertThat(record.redirectUris()).containsExactly("https://a.example/cb", "https://a.example/cb/");
        assertThat(record.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void anUnknownAuthMethodIsNamedWithTheValidOnes() {
        Map<String, Object> columns = oldServerColumns();
        columns.put("token_endpoint_auth_method", "private_key_jwt");

        assertThatThrownBy(() -> LegacyClientMapping.toCanonical(LegacyClientRow.fromColumns(columns)))
                .isInstanceOf(LegacyClientRowException.class)
                .hasMessage("legacy store: row hydra_client[web-app] cannot be mapped: token_endpoint_auth_method \"private_key_jwt\""
                        + " is not one Tandem serves (valid: client_secret_basic, client_secret_post, none)");
    }

    @Test
    void badMetadataIsNamedWithoutQuotingItOrTheSecret() {
        Map<String, Object> columns = oldServerColumns();
        columns.put("metadata", "{\"note\": \"" + HASH + "\"");

        assertThatThrownBy(() -> LegacyClientMapping.toCanonical(LegacyClientRow.fromColumns(columns)))
                .isInstanceOf(LegacyClientRowException.class)
                .hasMessage("legacy store: row hydra_client[web-app] cannot be mapped: metadata is not a JSON object")
                .hasMessageNotContaining(HASH);
    }

    @Test
    void aRowThatBreaksTheClientRulesSaysWhich() {
        Map<String, Object> columns = oldServerColumns();
        columns.put("grant_types", "implicit");

        assertThatThrownBy(() -> LegacyClientMapping.toCanonical(LegacyClientRow.fromColumns(columns)))
                .isInstanceOf(LegacyClientRowException.class)
                .hasMessageContaining("it is not a valid client record: grantTypes: \"implicit\" is not a grant Tandem issues");
    }

    @Test
    void clientsLegacyCannotHoldAreRefusedBeforeAnyWrite() {
        ClientRecord spaced = new ClientRecord("app-1 ", "Web", HASH, null, List.of("https://a.example/cb"),
                new TreeSet<>(List.of("authorization_code")), ClientAuthMethod.CLIENT_SECRET_BASIC, new TreeSet<>(), CREATED, CREATED, false, 1);
        assertThatThrownBy(() -> LegacyClientMapping.toRow(spaced))
                .isInstanceOf(InvalidClientRecordException.class).hasMessageContaining("ends in a space");

        ClientRecord late = new ClientRecord("app-1", "Web", HASH, null, List.of("https://a.example/cb"),
                new TreeSet<>(List.of("authorization_code")), ClientAuthMethod.CLIENT_SECRET_BASIC, new TreeSet<>(),
                Instant.parse("2038-01-19T03:14:08Z"), Instant.parse("2038-01-19T03:14:08Z"), false, 1);
        assertThatThrownBy(() -> LegacyClientMapping.toRow(late))
                .isInstanceOf(InvalidClientRecordException.class).hasMessageContaining("outside legacy TIMESTAMP range");
    }

    @Test
    void toStringLeavesTheSecretOut() {
        LegacyClientRow row = LegacyClientRow.fromColumns(oldServerColumns());
        assertThat(row.toString()).contains("web-app").doesNotContain(HASH);
    }

    private static Map<String, Object> oldServerColumns() {
        Map<String, Object> columns = new HashMap<>();
        columns.put("id", "web-app");
        columns.put("client_name", "Web app");
        columns.put("client_secret", HASH);
        columns.put("redirect_uris", "https://a.example/cb|https://a.example/cb/");
        columns.put("grant_types", "authorization_code|refresh_token");
        columns.put("response_types", "code|token");
        columns.put("scope", "openid  profile email");
        columns.put("token_endpoint_auth_method", "");
        columns.put("created_at", LocalDateTime.parse("2026-05-01T10:00:00"));
        columns.put("updated_at", "2026-05-02 10:00:00");
        columns.put("metadata", "{\"owner\":\"team-a\"}");
        return columns;
    }
}
