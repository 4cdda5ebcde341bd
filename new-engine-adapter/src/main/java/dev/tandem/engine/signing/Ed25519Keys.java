package dev.tandem.engine.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Ed25519 keys in the raw forms that RFC 8037 and the {@code signing_key} table use, with the JDK's own provider. */
final class Ed25519Keys {
    static final String ALGORITHM = "Ed25519";
    static final int KEY_BYTES = 32;
    /** The DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Ed25519Keys() {
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (JDK 15 or newer has it)", e);
        }
    }

    /** The 32-byte RFC 8032 public key: what a JWK's {@code x} carries. */
    static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X509_PREFIX.length + KEY_BYTES
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key (" + key.getAlgorithm() + ")");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    static PublicKey publicKey(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is " + KEY_BYTES + " bytes, not "
                    + (raw == null ? "missing" : raw.length));
        }
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_BYTES);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, KEY_BYTES);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key", e);
        }
    }

    /** The 32-byte private seed; the caller must wipe it after use. */
    static byte[] seed(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey edKey)) {
            throw new IllegalArgumentException("not an Ed25519 private key (" + key.getAlgorithm() + ")");
        }
        return edKey.getBytes().orElseThrow(() -> new IllegalArgumentException("the private key does not export its seed"));
    }

    static PrivateKey privateKey(byte[] seed) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        } catch (GeneralSecurityException e) {
            // No cause: it could carry key material into a log.
            throw new IllegalArgumentException("not a valid Ed25519 private key");
        }
    }

    /**
     * Whether a private key belongs to a public key: a probe signed with one verifies with the
     * other. The JDK derives no public key from a private one through its API, so this is the check.
     */
    static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "tandem signing key probe".getBytes(StandardCharsets.UTF_8);
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The RFC 7638 JWK thumbprint of a public key, base64url: the kid. */
    static String thumbprint(byte[] rawPublicKey) {
        // Members in lexicographic order, no white space: the canonical form RFC 7638 hashes.
        String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + base64url(rawPublicKey) + "\"}";
        try {
            return base64url(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String base64url(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }
}
