package dev.tandem.engine.signing;

import dev.tandem.engine.EngineTestDatabase;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing keys in PostgreSQL: they survive restarts, and their private halves never lie there in clear. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningKeyStoreIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** As an operator configures it: base64 text that every instance is given. */
    private final String configuredKek = Base64.getEncoder().encodeToString(randomBytes(32));
    private final KeyEncryptionKey kek = KeyEncryptionKey.fromBase64("key-encryption-key", configuredKek);
    private final Clock clock = Clock.systemUTC();
    private EngineTestDatabase database;
    private SigningKeyStore keys;

    @BeforeAll
    void createDatabase() {
        database = EngineTestDatabase.create();
        keys = new SigningKeyStore(database.sessions(), kek, clock);
    }

    /** Every test starts without keys; one database for the class keeps the suite fast. */
    @BeforeEach
    void removeAllKeys() throws SQLException {
        try (Connection connection = database.jdbc(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE signing_key CASCADE");
        }
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    /** What another application instance (or this one after a restart) loads: its own pool, the same table. */
    private SigningKeyRing loadAsAnotherInstance(KeyEncryptionKey configured) {
        Mutiny.SessionFactory other = EngineTestDatabase.sessionsOver(database.endpoint());
        try {
            return new SigningKeyStore(other, configured, clock).load().await().atMost(TIMEOUT);
        } finally {
            other.close();
        }
    }

    @Test
    void keysSurviveAReloadFromTheDatabase() throws Exception {
        SigningKey first = keys.rotate().await().atMost(TIMEOUT);
        SigningKey second = keys.rotate().await().atMost(TIMEOUT);

        SigningKeyRing reloaded = loadAsAnotherInstance(KeyEncryptionKey.fromBase64("key-encryption-key", configuredKek));

        assertThat(reloaded.keys()).extracting(SigningKey::kid).containsExactly(first.kid(), second.kid());
        SigningKey reloadedSecond = reloaded.activeAt(clock.instant()).orElseThrow();
        assertThat(reloadedSecond.kid()).isEqualTo(second.kid());
        assertThat(reloadedSecond.rawPublicKey()).isEqualTo(second.rawPublicKey());
        assertThat(reloadedSecond.activatedAt()).isEqualTo(second.activatedAt());
        assertThat(reloadedSecond.createdAt()).isEqualTo(second.createdAt());
        // The reloaded private key signs what the original public key verifies.
        byte[] message = "a token's signing input".getBytes();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(reloadedSecond.privateKey());
        signer.update(message);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(second.publicKey());
        verifier.update(message);
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void aTokenSignedBeforeARestartVerifiesWithTheJwksAfterIt() {
        SigningKeyRing ring = keys.ensureActiveKey().await().atMost(TIMEOUT);
        SignedAccessToken token = new AccessTokenSigner("https://auth.example.com", () -> ring, clock)
                .sign("web-app", "user-1", Set.of("openid"), Duration.ofMinutes(5));

        String jwksAfterRestart = Jwks.document(loadAsAnotherInstance(kek), clock.instant());

        assertThat(jwksAfterRestart).contains("\"kid\":\"" + token.kid() + "\"")
                .contains(Base64.getUrlEncoder().withoutPadding().encodeToString(ring.activeAt(clock.instant()).orElseThrow().rawPublicKey()));
    }

    @Test
    void theStoredPrivateKeyColumnDoesNotHoldTheRawPrivateKey() throws SQLException {
        SigningKey key = keys.rotate().await().atMost(TIMEOUT);
        byte[] seed = Ed25519Keys.seed(key.privateKey());
        byte[] pkcs8 = key.privateKey().getEncoded();

        byte[] stored = storedPrivateKeyColumn(key.kid());

        assertThat(stored).hasSize(KeyEncryptionKey.SEALED_BYTES);
        assertThat(indexOf(stored, seed)).as("the raw 32-byte seed inside the column").isEqualTo(-1);
        assertThat(indexOf(stored, pkcs8)).as("the PKCS#8 encoding inside the column").isEqualTo(-1);
        String asText = HexFormat.of().formatHex(stored);
        assertThat(asText).doesNotContain(HexFormat.of().formatHex(seed));
        assertThat(storedKekFingerprint(key.kid())).isEqualTo(kek.fingerprint());
    }

    @Test
    void aWrongKeyEncryptionKeyFailsWithAClearMessage() {
        SigningKey key = keys.rotate().await().atMost(TIMEOUT);
        KeyEncryptionKey wrong = KeyEncryptionKey.generate();

        assertThatThrownBy(() -> loadAsAnotherInstance(wrong))
                .isInstanceOf(KeyDecryptionException.class)
                .hasMessage("signing key " + key.kid() + " was sealed with key-encryption key " + kek.fingerprint()
                        + ", but the configured key-encryption key is " + wrong.fingerprint()
                        + ": configure the key it was sealed with");
    }

    @Test
    void anAlteredRowFailsToDecryptInsteadOfYieldingAnotherKey() throws SQLException {
        SigningKey key = keys.rotate().await().atMost(TIMEOUT);
        byte[] sealed = storedPrivateKeyColumn(key.kid());
        sealed[20] ^= 0x01;
        try (Connection connection = database.jdbc();
             PreparedStatement update = connection.prepareStatement("UPDATE signing_key SET private_key_encrypted = ? WHERE kid = ?")) {
            update.setBytes(1, sealed);
            update.setString(2, key.kid());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        assertThatThrownBy(() -> keys.load().await().atMost(TIMEOUT))
                .isInstanceOf(KeyDecryptionException.class)
                .hasMessage("signing key " + key.kid() + ": the private key does not decrypt under key-encryption key "
                        + kek.fingerprint() + " (wrong key-encryption key, or the stored row was altered)");
    }

    @Test
    void rotationKeepsTheOldKeyVerifyingAndRetirementRemovesIt() {
        SigningKey old = keys.rotate().await().atMost(TIMEOUT);
        SigningKey current = keys.rotate().await().atMost(TIMEOUT);

        SigningKeyRing afterRotation = keys.load().await().atMost(TIMEOUT);
        assertThat(afterRotation.activeAt(clock.instant())).map(SigningKey::kid).contains(current.kid());
        assertThat(afterRotation.verificationKeysAt(clock.instant())).extracting(SigningKey::kid)
                .containsExactly(old.kid(), current.kid());

        assertThat(keys.retire(old.kid()).await().atMost(TIMEOUT)).isTrue();
        assertThat(keys.retire(old.kid()).await().atMost(TIMEOUT)).as("retiring twice").isFalse();

        SigningKeyRing afterRetirement = loadAsAnotherInstance(kek);
        assertThat(afterRetirement.keys()).extracting(SigningKey::kid).containsExactly(current.kid());
        assertThat(Jwks.document(afterRetirement, clock.instant())).doesNotContain(old.kid());
    }

    @Test
    void aKeyPublishedAheadSignsOnlyFromItsActivation() {
        SigningKey current = keys.rotate().await().atMost(TIMEOUT);
        Instant now = clock.instant();
        SigningKey next = keys.rotate(Duration.ofMinutes(10)).await().atMost(TIMEOUT);

        SigningKeyRing ring = keys.load().await().atMost(TIMEOUT);

        assertThat(ring.activeAt(now.plusSeconds(1))).map(SigningKey::kid).contains(current.kid());
        assertThat(ring.activeAt(now.plus(Duration.ofMinutes(11)))).map(SigningKey::kid).contains(next.kid());
        assertThat(Jwks.document(ring, now)).contains(next.kid());
    }

    @Test
    void ensureActiveKeyCreatesAKeyOnlyWhenNoneSigns() {
        SigningKeyRing first = keys.ensureActiveKey().await().atMost(TIMEOUT);
        SigningKeyRing second = keys.ensureActiveKey().await().atMost(TIMEOUT);

        assertThat(first.keys()).hasSize(1);
        assertThat(second.keys()).extracting(SigningKey::kid).isEqualTo(List.of(first.keys().get(0).kid()));
    }

    @Test
    void keysKeepTheirTimesAcrossAReloadInAnyTimeZone() {
        Clock offsetClock = Clock.fixed(Instant.parse("2026-07-01T23:59:59.123456Z"), ZoneOffset.ofHours(-7));
        SigningKey key = new SigningKeyStore(database.sessions(), kek, offsetClock).rotate().await().atMost(TIMEOUT);

        SigningKey reloaded = new SigningKeyStore(database.sessions(), kek, offsetClock).load().await().atMost(TIMEOUT).keys().get(0);

        assertThat(reloaded.createdAt()).isEqualTo(Instant.parse("2026-07-01T23:59:59.123456Z")).isEqualTo(key.createdAt());
    }

    private byte[] storedPrivateKeyColumn(String kid) throws SQLException {
        return column("private_key_encrypted", kid, ResultSet::getBytes);
    }

    private String storedKekFingerprint(String kid) throws SQLException {
        return column("kek_fingerprint", kid, ResultSet::getString);
    }

    private interface Getter<T> {
        T get(ResultSet rows, String column) throws SQLException;
    }

    private <T> T column(String column, String kid, Getter<T> getter) throws SQLException {
        try (Connection connection = database.jdbc();
             PreparedStatement query = connection.prepareStatement("SELECT " + column + " FROM signing_key WHERE kid = ?")) {
            query.setString(1, kid);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a row for kid %s", kid).isTrue();
                return getter.get(rows, column);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
