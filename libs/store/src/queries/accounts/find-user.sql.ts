export const FIND_USER_SQL = `SELECT name, team_id FROM users WHERE name = $1`;
