const SHARE_LINK_COLUMNS = `id::text AS id, session_id, seq, team_id, created_by, label, created_at, expires_at,
  revoked_at`;

export const INSERT_SHARE_LINK_SQL = `
INSERT INTO share_links (id, token_hash, session_id, seq, team_id, created_by, label, expires_at)
VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8)
RETURNING ${SHARE_LINK_COLUMNS}`;

export const LIST_SHARE_LINKS_SQL = `
SELECT ${SHARE_LINK_COLUMNS}
FROM share_links
WHERE session_id = $1 AND team_id = $2
ORDER BY created_at DESC, id DESC`;

// Revoking twice keeps the first revocation time; another team's link is not found. (In a CTE because TypeORM
// answers a bare UPDATE with [rows, count].)
export const REVOKE_SHARE_LINK_SQL = `
WITH revoked AS (
  UPDATE share_links SET revoked_at = COALESCE(revoked_at, now())
  WHERE id = $1::uuid AND team_id = $2
  RETURNING ${SHARE_LINK_COLUMNS}
)
SELECT * FROM revoked`;

// The moment a link names: a given seq if the session has it, the last event at or before an offset from the
// first event (in time order), or else the session's last event.
export const RESOLVE_MOMENT_SQL = `
WITH bounds AS (
  SELECT (SELECT at FROM events WHERE session_id = $1 ORDER BY seq LIMIT 1) AS first_at,
         (SELECT seq FROM events WHERE session_id = $1 ORDER BY seq DESC LIMIT 1) AS last_seq
)
SELECT b.last_seq,
  CASE
    WHEN $2::int IS NOT NULL THEN (SELECT seq FROM events WHERE session_id = $1 AND seq = $2::int)
    WHEN $3::float8 IS NOT NULL THEN (
      SELECT seq FROM events
      WHERE session_id = $1 AND at <= b.first_at + $3::float8 * interval '1 millisecond'
      ORDER BY at DESC, seq DESC LIMIT 1)
    ELSE b.last_seq
  END AS seq
FROM bounds b`;

const EPOCH_MS = (column: string) => `round(extract(epoch FROM ${column}) * 1000)::float8`;

// What an anonymous holder of the token sees: the link, the session's summary (from its read model, or from its
// session.started event while the projector has not caught up) and the times of its first, shared and last events.
export const FIND_SHARED_MOMENT_SQL = `
SELECT l.id::text AS id, l.session_id, l.seq, l.team_id, l.created_by, l.label, l.created_at, l.expires_at,
  l.revoked_at,
  COALESCE(s.title, CASE WHEN f.type = 'session.started' THEN f.payload ->> 'title' END) AS title,
  COALESCE(s.user_name, f.actor_user) AS user_name,
  COALESCE(s.host, f.actor_host) AS host,
  s.repo,
  COALESCE(s.cols, CASE WHEN f.type = 'session.started' THEN (f.payload ->> 'cols')::int END) AS cols,
  COALESCE(s.rows, CASE WHEN f.type = 'session.started' THEN (f.payload ->> 'rows')::int END) AS rows,
  s.ended_at,
  ${EPOCH_MS('f.at')} AS first_at_ms,
  (SELECT ${EPOCH_MS('at')} FROM events WHERE session_id = l.session_id AND seq = l.seq) AS moment_at_ms,
  (SELECT ${EPOCH_MS('at')} FROM events WHERE session_id = l.session_id ORDER BY seq DESC LIMIT 1)
    AS last_at_ms
FROM share_links l
LEFT JOIN sessions s ON s.session_id = l.session_id
LEFT JOIN LATERAL (
  SELECT type, at, actor_user, actor_host, payload FROM events WHERE session_id = l.session_id ORDER BY seq LIMIT 1
) f ON true
WHERE l.token_hash = $1`;
