// Revoking twice keeps the first revocation time.
export const REVOKE_TOKEN_SQL = `
WITH revoked AS (
  UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now())
  WHERE id = $1::uuid
  RETURNING id::text AS id, user_name, revoked_at
)
SELECT * FROM revoked`;
