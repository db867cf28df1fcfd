import { userInfo } from 'node:os';
import { findCallerByTokenHash, findTeam, findUser, Queryable } from '@backtrack/store';
import { hashToken } from '../authenticate-token/token-secret';
import { createTeam } from '../create-team/create-team';
import { createToken } from '../create-token/create-token';
import { createUser } from '../create-user/create-user';
import { cliLoginPath, readCliLogin, saveCliLogin } from './cli-login-file';

export const LOCAL_TEAM = 'local';

// Makes `backtrack record` in another terminal just work: on the first start an account and a token, saved as the
// CLI's login; later, the saved login follows the server to a new address. Returns what to tell the person.
export async function ensureLocalLogin(
  db: Queryable,
  server: string,
  home: string,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  if (!(await anyUser(db))) return firstStart(db, server, home, localUserName(env));
  const saved = readCliLogin(home);
  const path = cliLoginPath(home);
  if (saved?.token && (await isValidHere(db, saved.token))) {
    if (saved.server === server) return [];
    saveCliLogin(home, { ...saved, server, token: saved.token });
    return [`the backtrack CLI's login (${path}) now points at ${server}`];
  }
  const user = localUserName(env);
  if (!saved && (await findUser(db, user))) {
    const token = await createToken(db, user, 'backtrack start');
    saveCliLogin(home, { server, token: token.token, user });
    return [`new token for ${user}: ${token.token}`, `saved with ${server} to ${path}`];
  }
  return [
    `note: the backtrack CLI is logged in to ${saved?.server ?? 'another server'} (${path});`,
    `      to use this one, pass --server ${server} or run \`backtrack login --server ${server} --token …\``,
  ];
}

async function firstStart(
  db: Queryable,
  server: string,
  home: string,
  user: string,
): Promise<string[]> {
  const team = (await findTeam(db, LOCAL_TEAM)) ?? (await createTeam(db, LOCAL_TEAM));
  await createUser(db, user, team.id);
  const token = await createToken(db, user, 'backtrack start');
  const path = saveCliLogin(home, { server, token: token.token, user });
  return [
    `first start: created team "${team.name}" with user "${user}", and a token for it:`,
    `  ${token.token}`,
    `saved with ${server} to ${path}, so \`backtrack record\` in another terminal records here`,
  ];
}

// The name `backtrack record` puts in actor.user, which ingest requires to match the token's user.
export function localUserName(env: NodeJS.ProcessEnv): string {
  const name = env['BACKTRACK_USER'] || osUserName() || env['USER'];
  if (!name || !/^[\w.@-]{1,200}$/.test(name))
    throw new Error(
      `cannot name the local Backtrack user after "${name ?? ''}": set BACKTRACK_USER to 1-200 letters, digits, ".", "_", "@" or "-"`,
    );
  return name;
}

function osUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to $USER.
    return undefined;
  }
}

async function anyUser(db: Queryable): Promise<boolean> {
  const rows: Array<{ any: boolean }> = await db.query(
    'SELECT EXISTS (SELECT 1 FROM users) AS any',
  );
  return rows[0]?.any === true;
}

async function isValidHere(db: Queryable, token: string): Promise<boolean> {
  const caller = await findCallerByTokenHash(db, hashToken(token));
  return caller !== undefined && caller.revokedAt === null;
}
