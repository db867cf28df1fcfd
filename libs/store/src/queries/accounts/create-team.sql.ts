export const CREATE_TEAM_SQL = `
INSERT INTO teams (id, name) VALUES ($1, $2)
ON CONFLICT (name) DO NOTHING
RETURNING id, name`;
