// Who a session belongs to: its read-model row, or (before the projector caught up) its first stored event.
export const SESSION_OWNER_SQL = `
SELECT COALESCE(
  (SELECT user_name FROM sessions WHERE session_id = $1),
  (SELECT actor_user FROM events WHERE session_id = $1 ORDER BY seq LIMIT 1)
) AS owner`;
