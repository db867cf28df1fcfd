// Only the hash is stored; the plain token exists in the creator's terminal and nowhere else.
export const CREATE_TOKEN_SQL = `
INSERT INTO api_tokens (id, user_name, token_hash, label) VALUES ($1::uuid, $2, $3, $4)
RETURNING id::text AS id, created_at`;
