import { findTeam, insertUser, Queryable, Team } from '@backtrack/store';

// User names are what capture agents put in events' actor.user, so they follow the same shape everywhere.
export async function createUser(
  db: Queryable,
  name: string,
  teamNameOrId: string,
): Promise<{ user: string; team: Team }> {
  if (!/^[\w.@-]{1,200}$/.test(name)) {
    throw new Error(`user name "${name}" must be 1-200 letters, digits, ".", "_", "@" or "-"`);
  }
  const team = await findTeam(db, teamNameOrId);
  if (!team)
    throw new Error(
      `no team "${teamNameOrId}"; create it first with \`backtrack-gateway create-team ${teamNameOrId}\``,
    );
  if (!(await insertUser(db, name, team.id)))
    throw new Error(`a user named "${name}" already exists`);
  return { user: name, team };
}
