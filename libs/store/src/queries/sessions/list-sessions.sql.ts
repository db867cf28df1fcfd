// The caller's team's sessions that overlap [since, until), newest first; the cursor is the last row's
// (started_at, session_id).
export const LIST_SESSIONS_SQL = `
SELECT s.*, (extract(epoch FROM s.started_at) * 1000000)::int8::text AS started_us
FROM sessions s
WHERE s.user_name = ANY($1::text[])
  AND ($2::text IS NULL OR s.user_name = $2)
  AND ($3::text IS NULL OR s.repo = $3)
  AND ($4::text IS NULL OR $4 = ANY(s.branches))
  AND s.started_at < $6::timestamptz
  AND COALESCE(s.ended_at, s.last_at) >= $5::timestamptz
  AND ($7::int8 IS NULL OR (s.started_at, s.session_id) < ('epoch'::timestamptz + $7::int8 * interval '1 microsecond', $8::text))
ORDER BY s.started_at DESC, s.session_id DESC
LIMIT $9`;
