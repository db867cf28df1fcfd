import { uuidv7 } from '@backtrack/events';
import { insertTeam, Queryable, Team } from '@backtrack/store';

export async function createTeam(db: Queryable, name: string): Promise<Team> {
  const trimmed = name.trim();
  if (!/^[\w.-]{1,100}$/.test(trimmed)) {
    throw new Error(`team name "${name}" must be 1-100 letters, digits, ".", "_" or "-"`);
  }
  const team = await insertTeam(db, { id: uuidv7(), name: trimmed });
  if (!team) throw new Error(`a team named "${trimmed}" already exists`);
  return team;
}
