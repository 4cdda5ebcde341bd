package dev.tandem.engine.signing;

import com.google.crypto.tink.subtle.Hkdf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyEncryptionKeyTest {
    private static final String SETTING = "tandem.engine.signing.key-encryption-key";

    @Test
    void aSealedKeyOpensOnlyWithTheSameKeyAndKid() {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        byte[] sealed = kek.seal("kid-1", secret);

        assertThat(sealed).hasSize(KeyEncryptionKey.SEALED_BYTES);
        assertThat(kek.open("kid-1", sealed)).isEqualTo(secret);
        assertThatThrownBy(() -> kek.open("kid-2", sealed)).isInstanceOf(KeyDecryptionException.class)
                .hasMessageContaining("signing key kid-2").hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> KeyEncryptionKey.generate().open("kid-1", sealed)).isInstanceOf(KeyDecryptionException.class);
    }

    @Test
    void sealingTwiceGivesDifferentBytes() {
        KeyEncryptionKey kek = KeyEncryptionKey.generate();
        byte[] secret = new byte[32];

        assertThat(kek.seal("kid", secret)).isNotEqualTo(kek.seal("kid", secret));
    }

    @Test
    void theSameConfiguredKeyHasTheSameFingerprint() {
        String configured = Base64.getEncoder().encodeToString(new byte[32]);

        assertThat(KeyEncryptionKey.fromBase64(SETTING, configured).fingerprint())
                .isEqualTo(KeyEncryptionKey.fromBase64(SETTING, configured).fingerprint())
                .hasSize(16);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void aKeyOfTheWrongLengthIsRejectedWithTheLengthAndNotTheValue(int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 0x5a);
        String configured = Base64.getEncoder().encodeToString(bytes);

        var thrown = assertThatThrownBy(() -> KeyEncryptionKey.fromBase64(SETTING, configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SETTING);
        if (length > 0) {
            thrown.hasMessageContaining(length + " bytes; expected 32").hasMessageNotContaining(configured);
        } else {
            thrown.hasMessageContaining("is required");
        }
    }

    @Test
    void aValueThatIsNotBase64IsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> KeyEncryptionKey.fromBase64(SETTING, "not*base64*at*all"))
                .hasMessageContaining(SETTING).hasMessageContaining("not base64")
                .hasMessageNotContaining("not*base64*at*all");
    }

    @Test
    void toStringShowsTheFingerprintOnly() {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) 7);
        KeyEncryptionKey kek = KeyEncryptionKey.of(bytes);

        assertThat(kek.toString()).isEqualTo("KeyEncryptionKey[fingerprint=" + kek.fingerprint() + "]")
                .doesNotContain(Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void derivesHkdfSha256OfTheKeyWithThePurposeAsInfo() throws Exception {
        byte[] raw = new byte[KeyEncryptionKey.KEY_BYTES];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        KeyEncryptionKey kek = KeyEncryptionKey.of(raw);
        byte[] expected = Hkdf.computeHkdf("HMACSHA256", raw, KeyEncryptionKey.DERIVATION_SALT,
                "purpose-a".getBytes(StandardCharsets.UTF_8), 32);

        assertThat(kek.derive("purpose-a").getEncoded()).isEqualTo(expected);
        assertThat(kek.derive("purpose-a").getAlgorithm()).isEqualTo("AES");
        assertThat(kek.derive("purpose-b").getEncoded()).isNotEqualTo(expected);
        assertThat(KeyEncryptionKey.generate().derive("purpose-a").getEncoded()).isNotEqualTo(expected);
    }
}
