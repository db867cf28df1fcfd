import { Queryable } from '../../queryable';
import { FIND_CALLER_SQL } from './find-caller.sql';
import { TOUCH_TOKEN_SQL } from './touch-token.sql';

export interface Caller {
  tokenId: string;
  user: string;
  team: { id: string; name: string };
  // Everyone in the caller's team: the users whose sessions the caller may see.
  members: string[];
  revokedAt: Date | null;
}

interface CallerRow {
  token_id: string;
  user_name: string;
  revoked_at: Date | null;
  team_id: string;
  team_name: string;
  members: string[];
}

export async function findCallerByTokenHash(
  db: Queryable,
  tokenHash: Buffer,
): Promise<Caller | undefined> {
  const rows: CallerRow[] = await db.query(FIND_CALLER_SQL, [tokenHash]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    tokenId: row.token_id,
    user: row.user_name,
    team: { id: row.team_id, name: row.team_name },
    members: row.members,
    revokedAt: row.revoked_at,
  };
}

export async function touchToken(db: Queryable, tokenId: string): Promise<boolean> {
  const rows: Array<{ touched: number }> = await db.query(TOUCH_TOKEN_SQL, [tokenId]);
  return (rows[0]?.touched ?? 0) > 0;
}
