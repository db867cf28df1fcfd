// A session only if its owner is one of the caller's team: another team's session is indistinguishable from none.
export const GET_SESSION_SQL = `
SELECT s.*
FROM sessions s
WHERE s.session_id = $1 AND s.user_name = ANY($2::text[])`;
