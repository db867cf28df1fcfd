import { Queryable } from '../../queryable';
import { CREATE_TEAM_SQL } from './create-team.sql';
import { CREATE_TOKEN_SQL } from './create-token.sql';
import { CREATE_USER_SQL } from './create-user.sql';
import { FIND_TEAM_SQL } from './find-team.sql';
import { FIND_USER_SQL } from './find-user.sql';
import { REVOKE_TOKEN_SQL } from './revoke-token.sql';

export interface Team {
  id: string;
  name: string;
}

// undefined when a team of that name already exists.
export async function insertTeam(db: Queryable, team: Team): Promise<Team | undefined> {
  const rows: Team[] = await db.query(CREATE_TEAM_SQL, [team.id, team.name]);
  return rows[0];
}

export async function findTeam(db: Queryable, nameOrId: string): Promise<Team | undefined> {
  const rows: Team[] = await db.query(FIND_TEAM_SQL, [nameOrId]);
  return rows[0];
}

export async function insertUser(db: Queryable, name: string, teamId: string): Promise<boolean> {
  const rows: unknown[] = await db.query(CREATE_USER_SQL, [name, teamId]);
  return rows.length > 0;
}

export async function findUser(
  db: Queryable,
  name: string,
): Promise<{ name: string; teamId: string } | undefined> {
  const rows: Array<{ name: string; team_id: string }> = await db.query(FIND_USER_SQL, [name]);
  return rows[0] ? { name: rows[0].name, teamId: rows[0].team_id } : undefined;
}

export async function insertToken(
  db: Queryable,
  token: { id: string; user: string; hash: Buffer; label: string },
): Promise<{ id: string; createdAt: Date }> {
  const rows: Array<{ id: string; created_at: Date }> = await db.query(CREATE_TOKEN_SQL, [
    token.id,
    token.user,
    token.hash,
    token.label,
  ]);
  return { id: rows[0]!.id, createdAt: rows[0]!.created_at };
}

export async function revokeToken(
  db: Queryable,
  id: string,
): Promise<{ id: string; user: string; revokedAt: Date } | undefined> {
  const rows: Array<{ id: string; user_name: string; revoked_at: Date }> = await db.query(
    REVOKE_TOKEN_SQL,
    [id],
  );
  return rows[0]
    ? { id: rows[0].id, user: rows[0].user_name, revokedAt: rows[0].revoked_at }
    : undefined;
}
