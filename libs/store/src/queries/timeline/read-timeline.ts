import { Queryable } from '../../queryable';
import { boundOrInfinity, boundOrMinusInfinity } from '../time-bounds';
import { TIMELINE_SQL } from './timeline.sql';

export interface TimelineFilter {
  // Users whose activity the caller may see: their team.
  members: string[];
  repo?: string;
  branch?: string;
  user?: string;
  since?: Date;
  until?: Date;
  after?: TimelineCursor;
  limit: number;
}

// Where a page ended: the (at, session, seq) of its last entry; `at` in microseconds, the store's precision.
export interface TimelineCursor {
  atMicros: string;
  sessionId: string;
  seq: number;
}

export interface TimelineEntry {
  sessionId: string;
  seq: number;
  at: Date;
  user: string;
  host: string;
  repo: string | null;
  branch: string | null;
  kind: string;
  summary: string;
  detail: Record<string, unknown>;
  cursor: TimelineCursor;
}

interface TimelineRow {
  session_id: string;
  seq: number;
  at: Date;
  user_name: string;
  host: string;
  repo: string | null;
  branch: string | null;
  kind: string;
  summary: string;
  detail: Record<string, unknown>;
  at_us: string;
}

export async function readTimeline(
  db: Queryable,
  filter: TimelineFilter,
): Promise<TimelineEntry[]> {
  const rows: TimelineRow[] = await db.query(TIMELINE_SQL, [
    filter.members,
    filter.repo ?? null,
    filter.branch ?? null,
    filter.user ?? null,
    boundOrMinusInfinity(filter.since),
    boundOrInfinity(filter.until),
    filter.after?.atMicros ?? null,
    filter.after?.sessionId ?? null,
    filter.after?.seq ?? null,
    filter.limit,
  ]);
  return rows.map((row) => ({
    sessionId: row.session_id,
    seq: row.seq,
    at: row.at,
    user: row.user_name,
    host: row.host,
    repo: row.repo,
    branch: row.branch,
    kind: row.kind,
    summary: row.summary,
    detail: row.detail,
    cursor: { atMicros: row.at_us, sessionId: row.session_id, seq: row.seq },
  }));
}
