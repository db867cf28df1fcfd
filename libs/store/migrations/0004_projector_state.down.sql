DROP INDEX dead_letters_fingerprint;
ALTER TABLE dead_letters DROP COLUMN fingerprint;
DROP INDEX commands_open;
