// The last event at or before a moment: the index (session_id, at) read backwards from the moment.
export const SEQ_AT_TIME_SQL = `
SELECT seq
FROM events
WHERE session_id = $1 AND at <= to_timestamp($2::float8 / 1000)
ORDER BY at DESC, seq DESC
LIMIT 1`;

// First and last event of a session, each one probe of UNIQUE (session_id, seq).
export const SESSION_BOUNDS_SQL = `
SELECT f.seq AS first_seq, round(extract(epoch FROM f.at) * 1000)::float8 AS first_at_ms,
       l.seq AS last_seq, round(extract(epoch FROM l.at) * 1000)::float8 AS last_at_ms, l.type AS last_type,
       l.payload AS last_payload
FROM (SELECT seq, at FROM events WHERE session_id = $1 ORDER BY seq LIMIT 1) f,
     (SELECT seq, at, type, payload FROM events WHERE session_id = $1 ORDER BY seq DESC LIMIT 1) l`;

export const NEXT_COMMAND_SQL = `
SELECT seq
FROM events
WHERE session_id = $1 AND seq > $2 AND type = 'terminal.command.started'
ORDER BY seq
LIMIT 1`;

// The last event at or before `offset` ms after the session's first event.
export const SEQ_AT_OFFSET_SQL = `
SELECT seq
FROM events
WHERE session_id = $1
  AND at <= (SELECT at FROM events WHERE session_id = $1 ORDER BY seq LIMIT 1) + $2::float8 * interval '1 millisecond'
ORDER BY at DESC, seq DESC
LIMIT 1`;
