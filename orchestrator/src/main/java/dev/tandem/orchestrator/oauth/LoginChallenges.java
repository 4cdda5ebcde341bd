package dev.tandem.orchestrator.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.signing.KeyEncryptionKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The login and consent challenges and verifiers of {@code tandem.oauth.login=challenge}: the pending
 * authorization request sealed into the value itself (AES-256-GCM, base64url), with its expiry inside,
 * so that any instance behind the issuer's address opens what another one sealed, and no table holds
 * them. Each {@link Stage} seals under its own key, derived from the key-encryption key with the stage's
 * purpose label, and names the stage in the associated data: a login challenge does not open as a
 * consent verifier, nor the other way round.
 *
 * <p>A value opens as often as it is presented until it expires: a verifier replayed within its lifetime
 * yields another code for the same client, redirect URI and PKCE challenge. The code goes only to the
 * registered redirect URI and is worth nothing without the client's PKCE verifier or secret, so the replay
 * gains nothing that the request itself had not; the lifetime bounds it (at most the code lifetime, ten
 * minutes).
 */
public final class LoginChallenges {
    /** A presented value is refused unread beyond this: a sealed request is far shorter (the query is bounded by the HTTP line). */
    static final int MAX_CHARS = 16_384;
    static final String INVALID = "%s is not valid: it was altered, sealed under another key-encryption key, or is not a %s";
    static final String EXPIRED = "%s has expired: the authorization request must start again at /oauth2/auth";
    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Where a value is in the flow; each is the name of the query parameter that carries it. */
    public enum Stage {
        LOGIN_CHALLENGE("login_challenge"),
        LOGIN_VERIFIER("login_verifier"),
        CONSENT_CHALLENGE("consent_challenge"),
        CONSENT_VERIFIER("consent_verifier");

        private final String parameter;

        Stage(String parameter) {
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }

        /** The HKDF info of this stage's key, and its associated data; versioned so a new format gets new keys. */
        String purpose() {
            return "tandem.oauth." + parameter + ".v1";
        }
    }

    /**
     * What travels between the stages.
     *
     * @param query   the authorization request's raw query, exactly as received (Hydra's request_url)
     * @param subject who logged in; null before the login is accepted
     * @param granted the scopes the user consented to; null before the consent is accepted
     */
    public record Pending(String query, String subject, List<String> granted) {
        public Pending {
            granted = granted == null ? null : List.copyOf(granted);
        }

        static Pending of(String query) {
            return new Pending(query, null, null);
        }

        Pending loggedIn(String subject) {
            return new Pending(query, subject, null);
        }

        Pending consented(List<String> scopes) {
            return new Pending(query, subject, scopes);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Sealed(@JsonProperty("q") String query, @JsonProperty("sub") String subject,
                          @JsonProperty("scp") List<String> granted, @JsonProperty("exp") long expiresAt) {
    }

    private final Map<Stage, SecretKey> keys = new EnumMap<>(Stage.class);
    private final Duration lifetime;
    private final Clock clock;

    /** @param lifetime how long each value opens after it was sealed (the code lifetime: at most ten minutes) */
    public LoginChallenges(KeyEncryptionKey kek, Duration lifetime, Clock clock) {
        for (Stage stage : Stage.values()) {
            keys.put(stage, kek.derive(stage.purpose()));
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String seal(Stage stage, Pending pending) {
        long expiresAt = clock.instant().plus(lifetime).getEpochSecond();
        byte[] plaintext;
        try {
            plaintext = JSON.writeValueAsBytes(new Sealed(pending.query(), pending.subject(), pending.granted(), expiresAt));
        } catch (IOException e) {
            throw new IllegalStateException("a pending authorization request did not serialize", e);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, stage, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] sealed = ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length).put(FORMAT_V1).put(nonce).put(ciphertext).array();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The pending request sealed in {@code value} at {@code stage}.
     *
     * @throws OAuthError invalid_request when the value is missing, malformed, altered, of another stage or expired
     */
    public Pending open(Stage stage, String value) {
        String name = stage.parameter();
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest(name + " is required");
        }
        OAuthError invalid = OAuthError.invalidRequest(INVALID.formatted(name, name));
        if (value.length() > MAX_CHARS) {
            throw invalid;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid;
        }
        if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != FORMAT_V1) {
            throw invalid;
        }
        Sealed sealed;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, stage, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
            byte[] plaintext = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
            sealed = JSON.readValue(plaintext, Sealed.class);
        } catch (AEADBadTagException | IOException e) {
            throw invalid;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
        if (sealed.query() == null || !clock.instant().isBefore(Instant.ofEpochSecond(sealed.expiresAt()))) {
            throw sealed.query() == null ? invalid : OAuthError.invalidRequest(EXPIRED.formatted(name));
        }
        return new Pending(sealed.query(), sealed.subject(), sealed.granted());
    }

    private Cipher cipher(int mode, Stage stage, GCMParameterSpec parameters) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, keys.get(stage), parameters);
        cipher.updateAAD(stage.purpose().getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }
}
