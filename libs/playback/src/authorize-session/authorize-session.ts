import { Queryable } from '@backtrack/store';
import { createHash } from 'node:crypto';
import { AUTHORIZE_SESSION_SQL } from './authorize-session.sql';

export type SessionAccess =
  | { kind: 'allowed'; user: string; teamId: string }
  // No token, an unknown one or a revoked one: HTTP 401.
  | { kind: 'unauthenticated'; message: string }
  // Not there, or another team's: the same answer, so a token cannot probe for other teams' sessions (HTTP 404).
  | { kind: 'not-found'; message: string };

interface AccessRow {
  user_name: string;
  revoked_at: Date | null;
  team_id: string;
  visible: boolean;
}

// Tokens are stored as SHA-256 hashes, as the gateway makes them; the plain token is never compared.
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

// May the holder of `token` watch this session? Yes when the session's owner is in the token user's team.
export async function authorizeSession(
  db: Queryable,
  token: string | undefined,
  sessionId: string,
): Promise<SessionAccess> {
  if (!token)
    return {
      kind: 'unauthenticated',
      message: 'missing token: send "Authorization: Bearer <token>" or ?token=<token>',
    };
  const rows: AccessRow[] = await db.query(AUTHORIZE_SESSION_SQL, [hashToken(token), sessionId]);
  const row = rows[0];
  if (!row)
    return {
      kind: 'unauthenticated',
      message: 'unknown token: create one with `backtrack-gateway create-token USER`',
    };
  if (row.revoked_at)
    return {
      kind: 'unauthenticated',
      message: `token was revoked on ${row.revoked_at.toISOString()}`,
    };
  if (!row.visible) return { kind: 'not-found', message: `no session ${sessionId}` };
  return { kind: 'allowed', user: row.user_name, teamId: row.team_id };
}
