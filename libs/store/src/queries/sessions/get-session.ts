import { Queryable } from '../../queryable';
import { GET_SESSION_SQL } from './get-session.sql';
import { SessionDbRow, SessionSummary, sessionFromRow } from './session-summary';
import { SESSION_OWNER_SQL } from './session-owner.sql';

export async function getVisibleSession(
  db: Queryable,
  sessionId: string,
  members: string[],
): Promise<SessionSummary | undefined> {
  const rows: SessionDbRow[] = await db.query(GET_SESSION_SQL, [sessionId, members]);
  return rows[0] ? sessionFromRow(rows[0]) : undefined;
}

export async function sessionOwner(db: Queryable, sessionId: string): Promise<string | undefined> {
  const rows: Array<{ owner: string | null }> = await db.query(SESSION_OWNER_SQL, [sessionId]);
  return rows[0]?.owner ?? undefined;
}
