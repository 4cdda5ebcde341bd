-- The new engine's token table: one row per token, keyed by the SHA-256 of its secret (never the secret).
-- Every constraint mirrors a rule of dev.tandem.model.TokenRecord, so a row that exists is a valid record.
CREATE TABLE oauth_token (
    -- COLLATE "C": byte order, which for lowercase hex is Java's String order; scans and the
    -- verifier's merge-join of both stores depend on the two orders agreeing.
    id                    TEXT COLLATE "C" NOT NULL,
    kind                  TEXT        NOT NULL,
    client_id             VARCHAR(255) NOT NULL,
    subject               VARCHAR(255),
    -- Written sorted and without duplicates by the adapter (Java String order).
    scopes                TEXT[]      NOT NULL,
    issued_at             TIMESTAMPTZ NOT NULL,
    expires_at            TIMESTAMPTZ NOT NULL,
    revoked_at            TIMESTAMPTZ,
    family_id             VARCHAR(40),
    code_challenge        VARCHAR(128),
    code_challenge_method TEXT,
    -- The kid of the key that signed an access token; null for every other token and for mirrored ones.
    signing_key_id        TEXT,
    version               BIGINT      NOT NULL,
    CONSTRAINT oauth_token_pkey PRIMARY KEY (id),
    CONSTRAINT oauth_token_id_is_sha256_hex CHECK (id ~ '^[0-9a-f]{64}$'),
    CONSTRAINT oauth_token_kind_valid CHECK (kind IN ('access_token', 'refresh_token', 'authorization_code')),
    CONSTRAINT oauth_token_client_id_not_blank CHECK (btrim(client_id) <> ''),
    CONSTRAINT oauth_token_scopes_one_dimension CHECK (array_ndims(scopes) IS NULL OR array_ndims(scopes) = 1),
    CONSTRAINT oauth_token_expires_after_issue CHECK (expires_at > issued_at),
    CONSTRAINT oauth_token_pkce_method_valid CHECK (code_challenge_method IN ('S256', 'plain')),
    CONSTRAINT oauth_token_pkce_complete CHECK ((code_challenge IS NULL) = (code_challenge_method IS NULL)),
    CONSTRAINT oauth_token_version_not_negative CHECK (version >= 0)
);

-- Refresh-token reuse detection revokes a whole family at once.
CREATE INDEX oauth_token_family_id_idx ON oauth_token (family_id) WHERE family_id IS NOT NULL;

-- Debezium needs every column in the before-image of updates and deletes: the checker compares
-- whole canonical records, and a delete event must still say which kind of token went away.
ALTER TABLE oauth_token REPLICA IDENTITY FULL;
