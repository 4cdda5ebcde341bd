-- Clients (apps) are migrated data too (issue 12): a run compares every client of both stores as
-- well as every token. A client id and a token id are keys of two spaces (a client_id could even be
-- 64 hex characters), so the entity is part of a difference's key.
ALTER TABLE verification_difference ADD COLUMN entity TEXT NOT NULL DEFAULT 'token';
ALTER TABLE verification_difference ADD CONSTRAINT verification_difference_entity_valid CHECK (entity IN ('token', 'client'));
ALTER TABLE verification_difference DROP CONSTRAINT verification_difference_pkey;
ALTER TABLE verification_difference ADD PRIMARY KEY (run_id, entity, token_id);
-- The clients are compared as one more chunk of the run, numbered -1 (the token chunks are 0 to
-- chunk_count - 1): done with its differences in one transaction, and skipped when a run resumes.
