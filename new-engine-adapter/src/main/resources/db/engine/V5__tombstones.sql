-- Deletes leave a tombstone: the row stays, marked deleted at the delete's version, so that an older
-- write arriving later (a mirror write that timed out but still committed, a backfill chunk read
-- before the delete, a stale repair copy) merges into it and cannot bring the token back. See
-- docs/design/0005-tombstones-and-a-merge-without-phases.md.
ALTER TABLE oauth_token ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT false;

-- The purge removes tombstones of expired tokens, oldest expiry first.
CREATE INDEX oauth_token_tombstone_expiry_idx ON oauth_token (expires_at) WHERE deleted;
