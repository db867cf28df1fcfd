import { AnyEvent } from '@backtrack/events';
import { Queryable, readSessionEvents } from '@backtrack/store';
import {
  NEXT_COMMAND_SQL,
  SEQ_AT_OFFSET_SQL,
  SEQ_AT_TIME_SQL,
  SESSION_BOUNDS_SQL,
} from './session-events.sql';

export const DEFAULT_PAGE_SIZE = 1000;

export interface SessionBounds {
  firstSeq: number;
  // Epoch ms of the first event: time 0 of a playback.
  startedAt: number;
  lastSeq: number;
  lastAt: number;
  // Set once the session's last stored event is session.ended.
  ended: { exitCode: number | null } | undefined;
}

interface BoundsRow {
  first_seq: number;
  first_at_ms: number;
  last_seq: number;
  last_at_ms: number;
  last_type: string;
  last_payload: { exitCode?: number | null };
}

// undefined: nothing of the session is stored (yet).
export async function sessionBounds(
  db: Queryable,
  sessionId: string,
): Promise<SessionBounds | undefined> {
  const rows: BoundsRow[] = await db.query(SESSION_BOUNDS_SQL, [sessionId]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    firstSeq: row.first_seq,
    startedAt: row.first_at_ms,
    lastSeq: row.last_seq,
    lastAt: row.last_at_ms,
    ended:
      row.last_type === 'session.ended'
        ? { exitCode: row.last_payload.exitCode ?? null }
        : undefined,
  };
}

// The seq of the last event at or before `at` (epoch ms); 0 when the session had not started then.
export async function seqAtTime(db: Queryable, sessionId: string, at: number): Promise<number> {
  const rows: Array<{ seq: number }> = await db.query(SEQ_AT_TIME_SQL, [sessionId, at]);
  return rows[0]?.seq ?? 0;
}

// The seq of the last event at most `offsetMs` after the session's first; 0 when nothing is stored.
export async function seqAtOffset(
  db: Queryable,
  sessionId: string,
  offsetMs: number,
): Promise<number> {
  const rows: Array<{ seq: number }> = await db.query(SEQ_AT_OFFSET_SQL, [sessionId, offsetMs]);
  return rows[0]?.seq ?? 0;
}

export async function nextCommandSeq(
  db: Queryable,
  sessionId: string,
  afterSeq: number,
): Promise<number | undefined> {
  const rows: Array<{ seq: number }> = await db.query(NEXT_COMMAND_SQL, [sessionId, afterSeq]);
  return rows[0]?.seq;
}

export interface EventRange {
  afterSeq: number;
  // Inclusive; without it, up to the last stored event.
  untilSeq?: number;
  pageSize?: number;
}

// The stored events of a range, page by page; stops early where the store ends.
export async function* readEventRange(
  db: Queryable,
  sessionId: string,
  range: EventRange,
): AsyncGenerator<AnyEvent[]> {
  const pageSize = range.pageSize ?? DEFAULT_PAGE_SIZE;
  const until = range.untilSeq ?? Number.POSITIVE_INFINITY;
  let after = range.afterSeq;
  while (after < until) {
    // Seqs have no gaps, so the limit never reads past the end of the range.
    const limit = Math.min(pageSize, until - after);
    const page = await readSessionEvents(db, sessionId, { afterSeq: after, limit });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.seq;
    if (page.length < limit) return;
  }
}
