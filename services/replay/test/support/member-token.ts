import { randomBytes, randomUUID } from 'node:crypto';
import { hashToken } from '@backtrack/playback';
import { insertTeam, insertToken, insertUser, Queryable } from '@backtrack/store';

// A user in a team (made if it is not there yet) and a fresh API token of theirs, written straight to the store.
export async function memberToken(
  db: Queryable,
  user: string,
  team: { id: string; name: string },
): Promise<string> {
  await insertTeam(db, team);
  await insertUser(db, user, team.id);
  const token = `bt_${randomBytes(24).toString('base64url')}`;
  await insertToken(db, { id: randomUUID(), user, hash: hashToken(token), label: 'test' });
  return token;
}
