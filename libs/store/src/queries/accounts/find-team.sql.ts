// Teams are named by people and by scripts: either the name or the id finds one.
export const FIND_TEAM_SQL = `SELECT id, name FROM teams WHERE name = $1 OR id = $1 ORDER BY (name = $1) DESC LIMIT 1`;
