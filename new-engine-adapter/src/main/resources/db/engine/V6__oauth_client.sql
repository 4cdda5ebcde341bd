-- OAuth clients ("apps"), one row per client_id. Every constraint mirrors a rule of
-- dev.tandem.model.client.ClientRecord, so a row that exists is a valid record. Clients merge by
-- version alone (ClientRecord.merge); a delete is the upsert of a tombstone, which stays.
CREATE TABLE oauth_client (
    -- COLLATE "C": byte order, as oauth_token's id, so that scans page in the order the legacy
    -- store's utf8mb4_bin gives and Java's String order for the ASCII ids Tandem hands out.
    id                         TEXT COLLATE "C" NOT NULL,
    name                       VARCHAR(255) NOT NULL,
    -- Slow hashes (pbkdf2-sha256$...), never a secret; both null for a public client.
    secret_hash                VARCHAR(255),
    -- The secret before the last rotation, accepted until it is dropped.
    previous_secret_hash       VARCHAR(255),
    -- In registration order and spelling: RFC 6749 §3.1.2.3 compares redirect URIs exactly.
    redirect_uris              TEXT[]      NOT NULL,
    -- Written sorted and without duplicates by the adapter (Java String order), as oauth_token's scopes.
    grant_types                TEXT[]      NOT NULL,
    scopes                     TEXT[]      NOT NULL,
    token_endpoint_auth_method TEXT        NOT NULL,
    created_at                 TIMESTAMPTZ NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL,
    deleted                    BOOLEAN     NOT NULL DEFAULT false,
    version                    BIGINT      NOT NULL,
    CONSTRAINT oauth_client_pkey PRIMARY KEY (id),
    CONSTRAINT oauth_client_id_valid CHECK (btrim(id) <> '' AND char_length(id) <= 255),
    CONSTRAINT oauth_client_name_not_blank CHECK (btrim(name) <> ''),
    CONSTRAINT oauth_client_auth_method_valid
        CHECK (token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
    -- A public client (none) has no secret; a confidential one always has one.
    CONSTRAINT oauth_client_secret_matches_auth_method
        CHECK ((secret_hash IS NULL) = (token_endpoint_auth_method = 'none')),
    CONSTRAINT oauth_client_previous_secret_needs_secret CHECK (previous_secret_hash IS NULL OR secret_hash IS NOT NULL),
    CONSTRAINT oauth_client_redirect_uris_count
        CHECK (array_ndims(redirect_uris) = 1 AND cardinality(redirect_uris) BETWEEN 1 AND 10),
    CONSTRAINT oauth_client_grant_types_valid
        CHECK (grant_types <@ ARRAY['authorization_code', 'refresh_token']::TEXT[]
               AND 'authorization_code' = ANY (grant_types)),
    CONSTRAINT oauth_client_scopes_one_dimension CHECK (array_ndims(scopes) IS NULL OR array_ndims(scopes) = 1),
    CONSTRAINT oauth_client_updated_not_before_created CHECK (updated_at >= created_at),
    CONSTRAINT oauth_client_version_not_negative CHECK (version >= 0)
);

-- As oauth_token: Debezium needs every column in the before-image of updates and deletes, so that
-- the checker compares whole canonical records.
ALTER TABLE oauth_client REPLICA IDENTITY FULL;
