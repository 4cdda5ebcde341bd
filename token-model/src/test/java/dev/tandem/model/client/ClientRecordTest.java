package dev.tandem.model.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientRecordTest {
    private static final Instant CREATED = Instant.parse("2026-05-01T10:00:00Z");
    private static final String HASH = "pbkdf2-sha256$310000$c2FsdA$aGFzaA";

    private static ClientRecord confidential(List<String> redirectUris) {
        return new ClientRecord("app-1", "Billing", HASH, null, redirectUris, grants("authorization_code", "refresh_token"),
                ClientAuthMethod.CLIENT_SECRET_BASIC, grants("openid", "email"), CREATED, CREATED, false, 7);
    }

    private static ClientRecord withGrants(TreeSet<String> grants) {
        return new ClientRecord("app-1", "Billing", HASH, null, List.of("https://a.example/cb"), grants,
                ClientAuthMethod.CLIENT_SECRET_BASIC, grants(), CREATED, CREATED, false, 7);
    }

    private static TreeSet<String> grants(String... names) {
        return new TreeSet<>(Set.of(names));
    }

    @Test
    void aPublicClientWithASecretIsRefused() {
        assertThatThrownBy(() -> new ClientRecord("app-1", "Mobile", HASH, null, List.of("https://a.example/cb"),
                grants("authorization_code"), ClientAuthMethod.NONE, grants(), CREATED, CREATED, false, 1))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("secretHash: a public client (token_endpoint_auth_method none) has no secret")
                .extracting(e -> ((InvalidClientRecordException) e).field()).isEqualTo("secretHash");
    }

    @Test
    void aConfidentialClientWithoutASecretIsRefused() {
        assertThatThrownBy(() -> new ClientRecord("app-1", "Web", null, null, List.of("https://a.example/cb"),
                grants("authorization_code"), ClientAuthMethod.CLIENT_SECRET_POST, grants(), CREATED, CREATED, false, 1))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("secretHash: a confidential client (client_secret_post) needs a secret");
    }

    @Test
    void aPublicClientHasNoPreviousSecretEither() {
        assertThatThrownBy(() -> new ClientRecord("app-1", "Mobile", null, HASH, List.of("https://a.example/cb"),
                grants("authorization_code"), ClientAuthMethod.NONE, grants(), CREATED, CREATED, false, 1))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("previousSecretHash: a client without a secret has no previous one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a.example/cb#frag", "https://a.example/cb#", "/cb", "cb", "mailto:someone@a.example"})
    void aRedirectUriThatIsRelativeOrHasAFragmentIsRefused(String uri) {
        assertThatThrownBy(() -> confidential(List.of(uri)))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("redirectUris: \"" + uri + "\" must be an absolute URI without a fragment (RFC 6749 §3.1.2)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a.example/cb|https://b.example/cb", "https://a.example/c b", "https://a.example/cb\t"})
    void aRedirectUriWithTheLegacySeparatorOrWhiteSpaceIsRefused(String uri) {
        assertThatThrownBy(() -> confidential(List.of(uri)))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("redirectUris: \"" + uri + "\" contains white space or '|': not a redirect URI");
    }

    @Test
    void aClientNeedsARedirectUri() {
        assertThatThrownBy(() -> confidential(List.of()))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("redirectUris: at least one redirect URI is required");
    }

    @Test
    void grantTypesMustIncludeTheAuthorizationCode() {
        assertThatThrownBy(() -> withGrants(grants("refresh_token")))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("grantTypes: must include authorization_code");
    }

    @Test
    void anUnknownGrantIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> withGrants(grants("authorization_code", "client_credentials")))
                .isInstanceOf(InvalidClientRecordException.class)
                .hasMessage("grantTypes: \"client_credentials\" is not a grant Tandem issues; valid: authorization_code, refresh_token");
    }

    @Test
    void redirectUrisKeepRegistrationOrderAndExactSpelling() {
        List<String> registered = List.of("https://b.example/cb/", "https://a.example/cb", "https://a.example/cb/",
                "https://A.example/cb", "http://localhost:8080/cb?x=1");

        ClientRecord record = confidential(registered);

        assertThat(record.redirectUris()).as("no normalisation, no sorting").containsExactlyElementsOf(registered);
    }

    @Test
    void timesAreWholeSecondsAndAnUpdateIsNotBeforeTheCreation() {
        ClientRecord record = new ClientRecord("app-1", "Web", HASH, null, List.of("https://a.example/cb"),
                grants("authorization_code"), ClientAuthMethod.CLIENT_SECRET_BASIC, grants(),
                CREATED.plusMillis(999), CREATED.plusMillis(1_500), false, 1);
        assertThat(record.createdAt()).isEqualTo(CREATED);
        assertThat(record.updatedAt()).isEqualTo(CREATED.plusSeconds(1));

        assertThatThrownBy(() -> new ClientRecord("app-1", "Web", HASH, null, List.of("https://a.example/cb"),
                grants("authorization_code"), ClientAuthMethod.CLIENT_SECRET_BASIC, grants(),
                CREATED, CREATED.minusSeconds(1), false, 1))
                .isInstanceOf(InvalidClientRecordException.class).hasMessageStartingWith("updatedAt: ");
    }

    @Test
    void toStringNamesTheClientButNoHash() {
        ClientRecord rotating = confidential(List.of("https://a.example/cb")).withSecret("pbkdf2-sha256$new", false, CREATED);
        assertThat(rotating.toString()).contains("app-1", "rotating").doesNotContain("pbkdf2");
    }

    @Test
    void mergeTakesTheHigherVersionWhicheverSideItIsOn() {
        ClientRecord older = confidential(List.of("https://a.example/cb"));
        ClientRecord newer = older.withSecret("pbkdf2-sha256$new", false, CREATED.plusSeconds(60)).withVersion(8);

        assertThat(ClientRecord.merge(older, newer)).isEqualTo(newer);
        assertThat(ClientRecord.merge(newer, older)).isEqualTo(newer);
        assertThat(ClientRecord.merge(older, null)).isEqualTo(older);
        assertThat(ClientRecord.merge(null, newer)).isEqualTo(newer);
        assertThat(ClientRecord.merge(null, null)).isNull();
    }

    @Test
    void aTombstoneOfAHigherVersionWinsTheMerge() {
        ClientRecord live = confidential(List.of("https://a.example/cb"));
        ClientRecord tombstone = live.tombstone(9, CREATED.plusSeconds(5));

        assertThat(tombstone.deleted()).isTrue();
        assertThat(ClientRecord.merge(live, tombstone)).isEqualTo(tombstone);
        assertThat(ClientRecord.merge(tombstone, live)).isEqualTo(tombstone);
    }

    @Test
    void recordsOfTwoClientsDoNotMerge() {
        ClientRecord one = confidential(List.of("https://a.example/cb"));
        ClientRecord other = new ClientRecord("app-2", "Other", HASH, null, List.of("https://a.example/cb"),
                grants("authorization_code"), ClientAuthMethod.CLIENT_SECRET_BASIC, grants(), CREATED, CREATED, false, 3);
        assertThatThrownBy(() -> ClientRecord.merge(one, other)).isInstanceOf(IllegalArgumentException.class);
    }
}
