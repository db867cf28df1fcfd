import { AnyEvent, decodeEvent } from '@backtrack/events';
import { Queryable } from '../queryable';
import {
  COUNT_EVENTS_SQL,
  READ_EVENTS_IN_SESSION_ORDER_SQL,
  READ_SESSION_EVENTS_SQL,
} from './read-events.sql';

export interface EventRow {
  session_id: string;
  seq: number;
  id: string;
  type: string;
  v: number;
  at_ms: number;
  actor_user: string;
  actor_host: string;
  context: Record<string, string> | null;
  payload: Record<string, unknown>;
}

export interface EventCursor {
  sessionId: string;
  seq: number;
}

export const DEFAULT_READ_LIMIT = 1000;

export async function readSessionEvents(
  db: Queryable,
  sessionId: string,
  options: { afterSeq?: number; limit?: number } = {},
): Promise<AnyEvent[]> {
  const rows: EventRow[] = await db.query(READ_SESSION_EVENTS_SQL, [
    sessionId,
    options.afterSeq ?? 0,
    options.limit ?? DEFAULT_READ_LIMIT,
  ]);
  return rows.map(eventFromRow);
}

// Pass the last event of a chunk as `after` to read the next one.
export async function readEventsInSessionOrder(
  db: Queryable,
  options: { after?: EventCursor; limit?: number } = {},
): Promise<AnyEvent[]> {
  const rows: EventRow[] = await db.query(READ_EVENTS_IN_SESSION_ORDER_SQL, [
    options.after?.sessionId ?? '',
    options.after?.seq ?? 0,
    options.limit ?? DEFAULT_READ_LIMIT,
  ]);
  return rows.map(eventFromRow);
}

export async function countEvents(db: Queryable): Promise<{ events: number; sessions: number }> {
  const [row] = await db.query(COUNT_EVENTS_SQL);
  return row;
}

// Stored events go through the decoder again, so events stored at an older version come back upcast.
export function eventFromRow(row: EventRow): AnyEvent {
  const raw = {
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    type: row.type,
    at: row.at_ms,
    actor: { user: row.actor_user, host: row.actor_host },
    ...(row.context ? { context: row.context } : {}),
    v: row.v,
    payload: row.payload,
  };
  try {
    return decodeEvent(raw);
  } catch (error) {
    throw new Error(
      `stored event ${row.session_id}/${row.seq} no longer decodes: ${(error as Error).message}`,
    );
  }
}
