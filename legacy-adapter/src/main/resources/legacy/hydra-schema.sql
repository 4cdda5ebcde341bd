-- The legacy OAuth server's token and client tables, as it created them. The old server still reads
-- and writes these tables during the migration: never change or drop one of its columns. Tandem's own
-- columns (tandem_version, tandem_deleted) are added and removed by LegacyMigration, not here.
--
-- One table per token kind, identical columns:
--   signature      the token's hash, our token id
--   request_id     the grant; shared by the tokens of one refresh chain ('' = none)
--   requested_at   issue time (TIMESTAMP: 1970-01-01 00:00:01 .. 2038-01-19 03:14:07 UTC)
--   scope          requested scopes, space-separated;  granted_scope: granted scopes, space-separated
--   form_data      the original request, form-encoded (codes: code_challenge, code_challenge_method)
--   session_data   JSON; expires_at.{access_token|refresh_token|authorize_code} and subject
--   active         0 = revoked (codes: used); no revocation time is kept
-- requested_at names its default so that no server adds ON UPDATE CURRENT_TIMESTAMP to it.

CREATE TABLE IF NOT EXISTS hydra_oauth2_access (
  signature          VARCHAR(255) NOT NULL,
  request_id         VARCHAR(40)  NOT NULL,
  requested_at       TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  client_id          VARCHAR(255) NOT NULL,
  scope              TEXT         NOT NULL,
  granted_scope      TEXT         NOT NULL,
  requested_audience TEXT         NULL,
  granted_audience   TEXT         NULL,
  form_data          TEXT         NOT NULL,
  session_data       TEXT         NOT NULL,
  subject            VARCHAR(255) NOT NULL DEFAULT '',
  active             TINYINT(1)   NOT NULL DEFAULT 1,
  challenge_id       VARCHAR(40)  NULL,
  PRIMARY KEY (signature),
  KEY hydra_oauth2_access_request_id_idx (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS hydra_oauth2_refresh (
  signature          VARCHAR(255) NOT NULL,
  request_id         VARCHAR(40)  NOT NULL,
  requested_at       TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  client_id          VARCHAR(255) NOT NULL,
  scope              TEXT         NOT NULL,
  granted_scope      TEXT         NOT NULL,
  requested_audience TEXT         NULL,
  granted_audience   TEXT         NULL,
  form_data          TEXT         NOT NULL,
  session_data       TEXT         NOT NULL,
  subject            VARCHAR(255) NOT NULL DEFAULT '',
  active             TINYINT(1)   NOT NULL DEFAULT 1,
  challenge_id       VARCHAR(40)  NULL,
  PRIMARY KEY (signature),
  KEY hydra_oauth2_refresh_request_id_idx (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS hydra_oauth2_code (
  signature          VARCHAR(255) NOT NULL,
  request_id         VARCHAR(40)  NOT NULL,
  requested_at       TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  client_id          VARCHAR(255) NOT NULL,
  scope              TEXT         NOT NULL,
  granted_scope      TEXT         NOT NULL,
  requested_audience TEXT         NULL,
  granted_audience   TEXT         NULL,
  form_data          TEXT         NOT NULL,
  session_data       TEXT         NOT NULL,
  subject            VARCHAR(255) NOT NULL DEFAULT '',
  active             TINYINT(1)   NOT NULL DEFAULT 1,
  challenge_id       VARCHAR(40)  NULL,
  PRIMARY KEY (signature),
  KEY hydra_oauth2_code_request_id_idx (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;


-- The registered OAuth clients, in Ory Hydra 1.x's MySQL layout (the columns Tandem reads, and
-- response_types and metadata, which the old server keeps beside them):
--   id                          the client_id
--   client_secret               the secret's slow hash (Hydra kept a bcrypt hash), never the secret; '' = public
--   redirect_uris, grant_types, response_types   '|'-joined lists, in registration order
--   scope                       the scopes it may be granted, space-separated
--   token_endpoint_auth_method  client_secret_basic, client_secret_post or none; '' = client_secret_basic
--   metadata                    JSON object; Hydra has one secret column, so during a rotation the
--                               previous secret's hash lives here as tandem_previous_secret_hash
-- The times name their defaults, as requested_at does, so that no server adds ON UPDATE CURRENT_TIMESTAMP.

CREATE TABLE IF NOT EXISTS hydra_client (
  id                         VARCHAR(255) NOT NULL,
  client_name                TEXT         NOT NULL,
  client_secret              TEXT         NOT NULL,
  redirect_uris              TEXT         NOT NULL,
  grant_types                TEXT         NOT NULL,
  response_types             TEXT         NOT NULL,
  scope                      TEXT         NOT NULL,
  token_endpoint_auth_method VARCHAR(25)  NOT NULL DEFAULT '',
  created_at                 TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at                 TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  metadata                   TEXT         NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
