const EVENT_COLUMNS = `session_id, seq, id::text AS id, type, v, round(extract(epoch FROM at) * 1000)::float8 AS at_ms,
  actor_user, actor_host, context, payload`;

export const READ_SESSION_EVENTS_SQL = `
SELECT ${EVENT_COLUMNS}
FROM events
WHERE session_id = $1 AND seq > $2
ORDER BY seq
LIMIT $3`;

// Keyset pagination over UNIQUE(session_id, seq): every event once, each session in order, in bounded chunks.
export const READ_EVENTS_IN_SESSION_ORDER_SQL = `
SELECT ${EVENT_COLUMNS}
FROM events
WHERE (session_id, seq) > ($1, $2)
ORDER BY session_id, seq
LIMIT $3`;

export const COUNT_EVENTS_SQL = `SELECT count(*)::float8 AS events, count(DISTINCT session_id)::float8 AS sessions FROM events`;
