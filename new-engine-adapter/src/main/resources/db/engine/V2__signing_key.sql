-- Ed25519 keys that sign access tokens. The private key is held only encrypted (AES-256-GCM under a
-- key-encryption key that lives in configuration, never in this database).
CREATE TABLE signing_key (
    -- The RFC 7638 JWK thumbprint of the public key (base64url, no padding).
    kid                   TEXT        NOT NULL,
    algorithm             TEXT        NOT NULL,
    curve                 TEXT        NOT NULL,
    -- RFC 8032 encoding: the 32 bytes that the JWK "x" member carries.
    public_key            BYTEA       NOT NULL,
    -- format version (1 byte) || GCM nonce (12) || ciphertext of the 32-byte seed || tag (16);
    -- the kid is the additional authenticated data, so a ciphertext cannot move to another row.
    private_key_encrypted BYTEA       NOT NULL,
    -- Which key-encryption key sealed this row (a fingerprint, not the key), for a clear error on a mismatch.
    kek_fingerprint       TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    -- Signing starts here; a key may be published (JWKS) before, so verifiers have it before its first token.
    activated_at          TIMESTAMPTZ NOT NULL,
    -- From here on the key neither signs nor verifies, and leaves the JWKS.
    retired_at            TIMESTAMPTZ,
    CONSTRAINT signing_key_pkey PRIMARY KEY (kid),
    CONSTRAINT signing_key_kid_base64url CHECK (kid ~ '^[A-Za-z0-9_-]{1,64}$'),
    CONSTRAINT signing_key_algorithm_eddsa CHECK (algorithm = 'EdDSA'),
    CONSTRAINT signing_key_curve_ed25519 CHECK (curve = 'Ed25519'),
    CONSTRAINT signing_key_public_key_length CHECK (octet_length(public_key) = 32),
    CONSTRAINT signing_key_private_key_sealed CHECK (octet_length(private_key_encrypted) = 1 + 12 + 32 + 16)
);

ALTER TABLE oauth_token
    ADD CONSTRAINT oauth_token_signing_key_fk FOREIGN KEY (signing_key_id) REFERENCES signing_key (kid);
