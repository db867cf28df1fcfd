// One round trip: the token's user and team, and whether the session's owner is in that team. The owner is the
// sessions row's user, or before the projector wrote that row, the actor of the session's first stored event.
export const AUTHORIZE_SESSION_SQL = `
WITH caller AS (
  SELECT t.user_name, t.revoked_at, u.team_id
  FROM api_tokens t
  JOIN users u ON u.name = t.user_name
  WHERE t.token_hash = $1
), owner AS (
  SELECT COALESCE(
    (SELECT user_name FROM sessions WHERE session_id = $2),
    (SELECT actor_user FROM events WHERE session_id = $2 ORDER BY seq LIMIT 1)
  ) AS name
)
SELECT c.user_name, c.revoked_at, c.team_id,
       EXISTS (SELECT 1 FROM owner o JOIN users ou ON ou.name = o.name WHERE ou.team_id = c.team_id) AS visible
FROM caller c`;
