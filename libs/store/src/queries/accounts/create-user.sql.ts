export const CREATE_USER_SQL = `
INSERT INTO users (name, team_id) VALUES ($1, $2)
ON CONFLICT (name) DO NOTHING
RETURNING name, team_id`;
