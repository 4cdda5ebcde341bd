-- Full verification (dev.tandem.verification): runs, their per-chunk results and every difference
-- found, kept in the engine database so that a run survives its process (kill -9 included) and is
-- resumed chunk by chunk. Nothing here holds a secret: token ids are hashes, records canonical.
-- IF NOT EXISTS: until issue 11 this table came from the engine's migrations (db/engine V4); a
-- database migrated then already holds it, and this migration, the first of this module's own history
-- (flyway_schema_history_verification), must pass over it unchanged
-- (see dev.tandem.engine.schema.EngineSchema.migrateBeside).

CREATE TABLE IF NOT EXISTS verification_run (
    run_id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The migration phase the run was started in: a run from another phase is stale.
    phase         TEXT        NOT NULL,
    state         TEXT        NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ,
    -- The key space (ids are 64 hex) is cut into this many ranges by their first four hex digits.
    chunk_count   INTEGER     NOT NULL,
    -- Which process works (or last worked) on the run, for the status; the lock is an advisory lock.
    owner         TEXT,
    error         TEXT,
    CONSTRAINT verification_run_state_valid CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
    CONSTRAINT verification_run_chunk_count_valid CHECK (chunk_count BETWEEN 1 AND 65536),
    CONSTRAINT verification_run_finished_when_over CHECK ((state = 'RUNNING') = (finished_at IS NULL))
);

-- One run at a time: a second RUNNING row cannot exist, whatever the processes do.
CREATE UNIQUE INDEX IF NOT EXISTS verification_run_one_running ON verification_run ((true)) WHERE state = 'RUNNING';

CREATE TABLE IF NOT EXISTS verification_chunk (
    run_id          BIGINT      NOT NULL REFERENCES verification_run ON DELETE CASCADE,
    chunk_no        INTEGER     NOT NULL,
    legacy_rows     BIGINT      NOT NULL,
    engine_rows     BIGINT      NOT NULL,
    -- Sums of per-row hashes of the canonical form, computed in each database.
    legacy_checksum NUMERIC     NOT NULL,
    engine_checksum NUMERIC     NOT NULL,
    -- Distinct ids looked at: both sides' rows when the checksums agree, their union otherwise.
    rows_compared   BIGINT      NOT NULL,
    -- True when the checksums differed and the chunk was compared record by record.
    compared_records BOOLEAN    NOT NULL,
    differences     INTEGER     NOT NULL,
    millis          INTEGER     NOT NULL,
    done_by         TEXT        NOT NULL,
    done_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, chunk_no)
);

CREATE TABLE IF NOT EXISTS verification_difference (
    run_id     BIGINT NOT NULL REFERENCES verification_run ON DELETE CASCADE,
    token_id   TEXT COLLATE "C" NOT NULL,
    kind       TEXT   NOT NULL,
    -- Field names as the API spells them (clientId, revokedAt); empty for a missing row.
    fields     TEXT[] NOT NULL,
    -- Both sides' canonical records (JSON), null on the side that lacks or cannot read the row.
    legacy     JSONB,
    engine     JSONB,
    detail     TEXT,
    PRIMARY KEY (run_id, token_id),
    CONSTRAINT verification_difference_kind_valid CHECK (kind IN
        ('missing_in_engine', 'missing_in_legacy', 'field_mismatch', 'unreadable_in_legacy', 'unreadable_in_engine'))
);
