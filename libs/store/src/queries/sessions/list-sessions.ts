import { Queryable } from '../../queryable';
import { boundOrInfinity, boundOrMinusInfinity } from '../time-bounds';
import { LIST_SESSIONS_SQL } from './list-sessions.sql';
import { SessionDbRow, SessionSummary, sessionFromRow } from './session-summary';

export interface SessionFilter {
  members: string[];
  user?: string;
  repo?: string;
  branch?: string;
  since?: Date;
  until?: Date;
  after?: SessionCursor;
  limit: number;
}

export interface SessionCursor {
  startedMicros: string;
  sessionId: string;
}

export type ListedSession = SessionSummary & { cursor: SessionCursor };

export async function listSessions(db: Queryable, filter: SessionFilter): Promise<ListedSession[]> {
  const rows: Array<SessionDbRow & { started_us: string }> = await db.query(LIST_SESSIONS_SQL, [
    filter.members,
    filter.user ?? null,
    filter.repo ?? null,
    filter.branch ?? null,
    boundOrMinusInfinity(filter.since),
    boundOrInfinity(filter.until),
    filter.after?.startedMicros ?? null,
    filter.after?.sessionId ?? null,
    filter.limit,
  ]);
  return rows.map((row) => ({
    ...sessionFromRow(row),
    cursor: { startedMicros: row.started_us, sessionId: row.session_id },
  }));
}
