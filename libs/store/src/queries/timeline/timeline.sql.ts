// The caller's team's activity in time order. Every filter is optional (NULL = any); with bound values Postgres
// plans each call for the filters actually given, so a branch uses activity_branch_at, a repo activity_repo_at,
// a user activity_user_at and none activity_at. The cursor is the last row's (at, session_id, seq).
export const TIMELINE_SQL = `
SELECT a.session_id, a.seq, a.at, a.user_name, a.host, a.repo, a.branch, a.kind, a.summary, a.detail,
       (extract(epoch FROM a.at) * 1000000)::int8::text AS at_us
FROM activity a
WHERE a.user_name = ANY($1::text[])
  AND ($2::text IS NULL OR a.repo = $2)
  AND ($3::text IS NULL OR a.branch = $3)
  AND ($4::text IS NULL OR a.user_name = $4)
  AND a.at >= $5::timestamptz
  AND a.at < $6::timestamptz
  AND ($7::int8 IS NULL OR (a.at, a.session_id, a.seq) > ('epoch'::timestamptz + $7::int8 * interval '1 microsecond', $8::text, $9::int4))
ORDER BY a.at, a.session_id, a.seq
LIMIT $10`;
