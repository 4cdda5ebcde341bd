package dev.tandem.engine.signing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tandem.model.TokenId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's access tokens as an independent JOSE library (nimbus-jose-jwt, Ed25519 through
 * Tink) sees them: what a resource server does with our JWKS is what decides whether they work.
 */
class JwsInteropTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final AtomicReference<SigningKeyRing> ring = new AtomicReference<>(
            SigningKeyRing.of(List.of(SigningKey.generate(NOW.minusSeconds(3600), NOW.minusSeconds(3600)))));
    private final AccessTokenSigner signer = new AccessTokenSigner(ISSUER, ring::get, clock);

    private SignedAccessToken sign(String subject) {
        return signer.sign("web-app", subject, Set.of("openid", "profile"), NOW, NOW.plusSeconds(600));
    }

    /** Why a resource server turned a token down. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason);
        }
    }

    /**
     * Verifies as a resource server does with nimbus: the key chosen by the header's kid from the
     * parsed JWKS, alg and typ checked, the signature checked by {@link Ed25519Verifier}. (nimbus's
     * {@code DefaultJWTProcessor} cannot select OKP keys from a JWK source: its key converter has no
     * Java form for them, so the steps are spelled out.)
     */
    private JWTClaimsSet verifyWithPublishedJwks(String compact) throws Exception {
        JWKSet published = JWKSet.parse(Jwks.document(ring.get(), NOW));
        SignedJWT jwt = SignedJWT.parse(compact);
        if (!JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm())) {
            throw new Rejected("alg " + jwt.getHeader().getAlgorithm());
        }
        if (!new JOSEObjectType("at+jwt").equals(jwt.getHeader().getType())) {
            throw new Rejected("typ " + jwt.getHeader().getType());
        }
        JWK key = published.getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            throw new Rejected("no key " + jwt.getHeader().getKeyID() + " in the JWKS");
        }
        if (!jwt.verify(new Ed25519Verifier(key.toOctetKeyPair()))) {
            throw new Rejected("invalid signature");
        }
        return jwt.getJWTClaimsSet();
    }

    /** The bare signature check, without the processor's other rules: isolates the signature. */
    private boolean signatureVerifies(String compact) throws Exception {
        SignedJWT jwt = SignedJWT.parse(compact);
        OctetKeyPair key = JWKSet.parse(Jwks.document(ring.get(), NOW)).getKeyByKeyId(jwt.getHeader().getKeyID()).toOctetKeyPair();
        return jwt.verify(new Ed25519Verifier(key));
    }

    @Test
    void aTokenSignedByTheEngineVerifiesWithThePublishedJwks() throws Exception {
        SignedAccessToken token = sign("user-42");

        JWTClaimsSet claims = verifyWithPublishedJwks(token.compactJws());

        SignedJWT jwt = SignedJWT.parse(token.compactJws());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(ring.get().activeAt(NOW).orElseThrow().kid()).isEqualTo(token.kid());
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("user-42");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("web-app");
        assertThat(claims.getStringClaim("scope")).isEqualTo("openid profile");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(600)));
        assertThat(claims.getJWTID()).isEqualTo(token.jti()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(token.tokenId()).isEqualTo(TokenId.hashOf(token.compactJws()));
    }

    @Test
    void aClientsOwnTokenNamesTheClientAsSubject() throws Exception {
        SignedAccessToken token = signer.sign("billing-service", null, Set.of(), NOW, NOW.plusSeconds(60));

        JWTClaimsSet claims = verifyWithPublishedJwks(token.compactJws());

        assertThat(claims.getSubject()).isEqualTo("billing-service");
        assertThat(token.toRecord(7, null).subject()).as("the canonical record keeps no subject").isNull();
    }

    @Test
    void oneChangedByteInThePayloadFailsVerification() throws Exception {
        String compact = sign("user-42").compactJws();
        String[] parts = compact.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        String json = new String(payload, StandardCharsets.UTF_8);
        int at = json.indexOf("user-42") + "user-4".length();
        payload[at] = (byte) '3';
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[2];
        assertThat(new String(payload, StandardCharsets.UTF_8)).contains("\"user-43\"");

        assertThatThrownBy(() -> verifyWithPublishedJwks(tampered)).isInstanceOf(Rejected.class)
                .hasMessage("invalid signature");
        assertThat(signatureVerifies(compact)).as("the untouched token").isTrue();
        assertThat(signatureVerifies(tampered)).isFalse();
    }

    @Test
    void oneChangedByteInTheSignatureFailsVerification() throws Exception {
        String compact = sign("user-42").compactJws();
        String[] parts = compact.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        assertThat(signature).hasSize(64);
        signature[10] ^= 0x01;
        String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

        assertThatThrownBy(() -> verifyWithPublishedJwks(tampered)).isInstanceOf(Rejected.class)
                .hasMessage("invalid signature");
        assertThat(signatureVerifies(tampered)).isFalse();
    }

    @Test
    void afterRotationOldAndNewTokensVerifyAndNewOnesCarryTheNewKid() throws Exception {
        SignedAccessToken before = sign("user-1");
        SigningKey next = SigningKey.generate(NOW.minusSeconds(60), NOW.minusSeconds(60));
        ring.set(ring.get().with(next));

        SignedAccessToken after = sign("user-2");

        assertThat(after.kid()).isEqualTo(next.kid()).isNotEqualTo(before.kid());
        assertThat(SignedJWT.parse(after.compactJws()).getHeader().getKeyID()).isEqualTo(next.kid());
        assertThat(verifyWithPublishedJwks(before.compactJws()).getSubject()).isEqualTo("user-1");
        assertThat(verifyWithPublishedJwks(after.compactJws()).getSubject()).isEqualTo("user-2");
    }

    @Test
    void aKeyDueToActivateIsPublishedButDoesNotSignYet() throws Exception {
        SigningKey current = ring.get().activeAt(NOW).orElseThrow();
        SigningKey pending = SigningKey.generate(NOW, NOW.plus(Duration.ofMinutes(10)));
        ring.set(ring.get().with(pending));

        assertThat(sign("user-1").kid()).isEqualTo(current.kid());
        assertThat(JWKSet.parse(Jwks.document(ring.get(), NOW)).getKeyByKeyId(pending.kid())).isNotNull();
    }

    @Test
    void aRetiredKeysTokensFail() throws Exception {
        SignedAccessToken old = sign("user-1");
        SigningKey next = SigningKey.generate(NOW.minusSeconds(60), NOW.minusSeconds(60));
        ring.set(ring.get().with(next).retire(old.kid(), NOW.minusSeconds(1)));

        assertThatThrownBy(() -> verifyWithPublishedJwks(old.compactJws())).isInstanceOf(Rejected.class)
                .hasMessage("no key " + old.kid() + " in the JWKS");
        assertThat(JWKSet.parse(Jwks.document(ring.get(), NOW)).getKeyByKeyId(old.kid())).as("retired key in the JWKS").isNull();
        assertThat(verifyWithPublishedJwks(sign("user-2").compactJws()).getSubject()).isEqualTo("user-2");
    }

    @Test
    void theJwksCarriesOnlyPublicOkpMembersAndKidsAreThumbprints() throws Exception {
        ring.set(ring.get().with(SigningKey.generate(NOW, NOW)));
        String document = Jwks.document(ring.get(), NOW);

        JWKSet set = JWKSet.parse(document);
        assertThat(set.getKeys()).hasSize(2);
        for (var jwk : set.getKeys()) {
            OctetKeyPair key = jwk.toOctetKeyPair();
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getCurve().getName()).isEqualTo("Ed25519");
            assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
            assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
            assertThat(key.getDecodedX()).hasSize(32);
            assertThat(key.getKeyID()).as("RFC 7638 thumbprint").isEqualTo(key.computeThumbprint().toString());
        }
        assertThat(document).doesNotContain("\"d\"");
    }

    @Test
    void noPrivateKeyMaterialInToStrings() {
        SigningKey key = ring.get().keys().get(0);
        byte[] seed = Ed25519Keys.seed(key.privateKey());
        SignedAccessToken token = sign("user-1");
        String shown = key + " " + ring.get() + " " + token;

        assertThat(shown).doesNotContain(Base64.getEncoder().encodeToString(seed))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(seed))
                .doesNotContain(java.util.HexFormat.of().formatHex(seed))
                .doesNotContain(token.compactJws())
                .contains(key.kid());
    }

    @Test
    void signingWithoutAnActiveKeyNamesTheFix() {
        AccessTokenSigner empty = new AccessTokenSigner(ISSUER, SigningKeyRing::empty, clock);

        assertThatThrownBy(() -> empty.sign("web-app", "user-1", Set.of(), NOW, NOW.plusSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no signing key is active").hasMessageContaining("rotate");
    }

    @Test
    void aTokenRecordOfTheSignedTokenIsAnAccessTokenKeyedByTheHash() {
        SignedAccessToken token = sign("user-9");

        var record = token.toRecord(12, "grant-1");

        assertThat(record.id()).isEqualTo(TokenId.hashOf(token.compactJws()));
        assertThat(record.kind()).isEqualTo(dev.tandem.model.TokenKind.ACCESS_TOKEN);
        assertThat(record.scopes()).containsExactly("openid", "profile");
        assertThat(record.expiresAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(record.familyId()).isEqualTo("grant-1");
    }
}
