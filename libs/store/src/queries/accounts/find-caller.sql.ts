// One round trip per request: the token, its user, the team and the team's members (whose sessions it may see).
export const FIND_CALLER_SQL = `
SELECT t.id::text AS token_id, t.user_name, t.revoked_at, t.last_used_at, tm.id AS team_id, tm.name AS team_name,
       ARRAY(SELECT m.name FROM users m WHERE m.team_id = tm.id ORDER BY m.name) AS members
FROM api_tokens t
JOIN users u ON u.name = t.user_name
JOIN teams tm ON tm.id = u.team_id
WHERE t.token_hash = $1`;
