-- The backfill's durable checkpoint (dev.tandem.backfill): one row per backfill job, in the engine
-- database so that the checkpoint advances in the same transaction as the rows a chunk copies:
-- a chunk is applied and recorded together, or neither.
-- IF NOT EXISTS: until issue 11 this table came from the engine's migrations (db/engine V3); a
-- database migrated then already holds it, and this migration, the first of this module's own history
-- (flyway_schema_history_backfill), must pass over it unchanged
-- (see dev.tandem.engine.schema.EngineSchema.migrateBeside).
CREATE TABLE IF NOT EXISTS backfill_checkpoint (
    name                      TEXT        NOT NULL,
    -- RUNNING, PAUSED, DONE or FAILED; the allowed moves are in dev.tandem.backfill.BackfillState.
    state                     TEXT        NOT NULL,
    -- The greatest legacy id the backfill has dealt with (copied or skipped); null before the first chunk.
    -- COLLATE "C" like oauth_token.id: byte order, which is Java's String order for hex.
    last_id                   TEXT COLLATE "C",
    rows_scanned              BIGINT      NOT NULL DEFAULT 0,
    rows_copied               BIGINT      NOT NULL DEFAULT 0,
    rows_skipped_expired      BIGINT      NOT NULL DEFAULT 0,
    rows_skipped_expiring     BIGINT      NOT NULL DEFAULT 0,
    rows_skipped_newer        BIGINT      NOT NULL DEFAULT 0,
    -- Live (unrevoked, unexpired) tokens that were skipped as expiring and that the engine did not hold.
    live_only_in_legacy       BIGINT      NOT NULL DEFAULT 0,
    last_legacy_only_expiry   TIMESTAMPTZ,
    estimated_total_rows      BIGINT      NOT NULL DEFAULT 0,
    rows_per_second_recent    DOUBLE PRECISION NOT NULL DEFAULT 0,
    -- Settings, kept so that whoever resumes (after a restart or a kill -9) runs the job as it was started.
    chunk_size                INTEGER     NOT NULL,
    rows_per_second_limit     INTEGER     NOT NULL,
    expiry_horizon_seconds    BIGINT      NOT NULL,
    lag_threshold_ms          BIGINT      NOT NULL,
    lease_seconds             INTEGER     NOT NULL,
    -- Who runs the job and until when; another instance may take over once lease_until has passed.
    owner                     TEXT,
    lease_until               TIMESTAMPTZ,
    started_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    finished_at               TIMESTAMPTZ,
    error                     TEXT,
    CONSTRAINT backfill_checkpoint_pkey PRIMARY KEY (name),
    CONSTRAINT backfill_checkpoint_state_valid CHECK (state IN ('RUNNING', 'PAUSED', 'DONE', 'FAILED')),
    CONSTRAINT backfill_checkpoint_counters_not_negative CHECK (rows_scanned >= 0 AND rows_copied >= 0
        AND rows_skipped_expired >= 0 AND rows_skipped_expiring >= 0 AND rows_skipped_newer >= 0
        AND live_only_in_legacy >= 0 AND estimated_total_rows >= 0),
    CONSTRAINT backfill_checkpoint_chunk_size_valid CHECK (chunk_size >= 1),
    CONSTRAINT backfill_checkpoint_rate_valid CHECK (rows_per_second_limit >= 0),
    CONSTRAINT backfill_checkpoint_lease_valid CHECK (lease_seconds >= 1)
);
