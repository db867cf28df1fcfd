// Cheap: a token used many times a minute is written at most once a minute.
export const TOUCH_TOKEN_SQL = `
WITH touched AS (
  UPDATE api_tokens SET last_used_at = now()
  WHERE id = $1::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
  RETURNING id
)
SELECT count(*)::int AS touched FROM touched`;
