-- The projector loads a session's open command (output is appended to its excerpt) on every batch.
CREATE INDEX commands_open ON commands (session_id) WHERE finished_seq IS NULL;

-- A redelivered batch must not record its bad events twice: the same letter has the same fingerprint.
ALTER TABLE dead_letters ADD COLUMN fingerprint text;
CREATE UNIQUE INDEX dead_letters_fingerprint ON dead_letters (fingerprint);
