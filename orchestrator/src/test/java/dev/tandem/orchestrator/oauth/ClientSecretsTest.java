package dev.tandem.orchestrator.oauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientSecretsTest {
    private final ClientSecrets secrets = new ClientSecrets(ClientSecrets.MIN_ITERATIONS);

    @Test
    void aSecretIs256RandomBitsInBase64url() {
        String secret = ClientSecrets.generate();
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(ClientSecrets.generate());
    }

    @Test
    void theHashNamesSchemeIterationsSaltAndHashAndNeverTheSecret() {
        String secret = ClientSecrets.generate();
        String hash = secrets.hash(secret);
        assertThat(hash).startsWith("pbkdf2-sha256$10000$").doesNotContain(secret);
        assertThat(hash.split("\\$")).hasSize(4);
        assertThat(secrets.hash(secret)).as("a fresh salt each time").isNotEqualTo(hash);
    }

    @Test
    void verifiesAgainstTheCurrentOrThePreviousHash() {
        String old = ClientSecrets.generate();
        String current = ClientSecrets.generate();
        String oldHash = secrets.hash(old);
        String currentHash = secrets.hash(current);
        assertThat(ClientSecrets.verify(current, currentHash, oldHash)).isTrue();
        assertThat(ClientSecrets.verify(old, currentHash, oldHash)).isTrue();
        assertThat(ClientSecrets.verify(old, currentHash, null)).isFalse();
        assertThat(ClientSecrets.verify("wrong", currentHash, oldHash)).isFalse();
        assertThat(ClientSecrets.verify(null, currentHash, oldHash)).isFalse();
        assertThat(ClientSecrets.verify("", currentHash, oldHash)).isFalse();
    }

    @Test
    void aMalformedStoredHashNeverMatches() {
        String secret = ClientSecrets.generate();
        for (String stored : new String[]{"", "plain", "bcrypt$10$x$y", "pbkdf2-sha256$x$AA$AA",
                "pbkdf2-sha256$0$AA$AA", "pbkdf2-sha256$10000$!!$AA", "pbkdf2-sha256$10000$AA$AA"}) {
            assertThat(ClientSecrets.verify(secret, stored, null)).as(stored).isFalse();
        }
    }

    @Test
    void tooFewIterationsAreRefusedWithTheKey() {
        assertThatThrownBy(() -> new ClientSecrets(1000)).hasMessageContaining(OAuthConfig.SECRET_HASH_ITERATIONS)
                .hasMessageContaining("1000");
    }
}
