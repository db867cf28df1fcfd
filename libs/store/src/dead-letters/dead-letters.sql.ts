export const RECORD_DEAD_LETTERS_SQL = `
INSERT INTO dead_letters (source, session_id, seq, type, reason, raw, fingerprint)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
ON CONFLICT (fingerprint) DO NOTHING
RETURNING fingerprint`;

// The operator's query (docs/operations.md): newest first, raw cut short so a poison batch does not flood the terminal.
export const LIST_DEAD_LETTERS_SQL = `
SELECT id::float8 AS id, received_at, source, session_id, seq, type, reason, left(raw, $2) AS raw, length(raw) AS raw_length
FROM dead_letters
WHERE ($3::text IS NULL OR source = $3)
ORDER BY id DESC
LIMIT $1`;

export const COUNT_DEAD_LETTERS_SQL = `
SELECT source, count(*)::float8 AS count, max(received_at) AS latest
FROM dead_letters
GROUP BY source
ORDER BY source`;
