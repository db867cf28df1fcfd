import { AnyEvent } from '@backtrack/events';
import { jsonForPostgres } from '../json-for-postgres';
import { Queryable } from '../queryable';
import { APPEND_EVENTS_SQL, STORED_IDS_SQL } from './append-events.sql';

export interface AppendResult {
  // Stored by this call, in the order given.
  appended: AnyEvent[];
  // Already stored with the same id: a redelivery.
  duplicates: AnyEvent[];
  // The (session, seq) is stored with another id: the given event was not stored.
  conflicts: Array<{ event: AnyEvent; storedId: string }>;
}

const key = (sessionId: string, seq: number) => `${sessionId}\u0000${seq}`;

export async function appendEvents(db: Queryable, events: AnyEvent[]): Promise<AppendResult> {
  if (events.length === 0) return { appended: [], duplicates: [], conflicts: [] };
  const inserted: Array<{ session_id: string; seq: number }> = await db.query(APPEND_EVENTS_SQL, [
    jsonForPostgres(events),
  ]);
  const stored = new Set(inserted.map((row) => key(row.session_id, row.seq)));
  const appended: AnyEvent[] = [];
  const skipped: AnyEvent[] = [];
  for (const event of events) {
    const k = key(event.sessionId, event.seq);
    // A second event with the same (session, seq) in one call was skipped even though the key is now stored.
    if (stored.delete(k)) appended.push(event);
    else skipped.push(event);
  }
  if (skipped.length === 0) return { appended, duplicates: [], conflicts: [] };
  return { appended, ...(await classifySkipped(db, skipped)) };
}

async function classifySkipped(
  db: Queryable,
  skipped: AnyEvent[],
): Promise<Omit<AppendResult, 'appended'>> {
  const rows: Array<{ session_id: string; seq: number; id: string }> = await db.query(
    STORED_IDS_SQL,
    [skipped.map((e) => e.sessionId), skipped.map((e) => e.seq)],
  );
  const storedIds = new Map(rows.map((row) => [key(row.session_id, row.seq), row.id]));
  const duplicates: AnyEvent[] = [];
  const conflicts: AppendResult['conflicts'] = [];
  for (const event of skipped) {
    const storedId = storedIds.get(key(event.sessionId, event.seq));
    if (storedId === undefined)
      throw new Error(`event ${event.sessionId}/${event.seq} was neither stored nor found`);
    if (storedId === event.id) duplicates.push(event);
    else conflicts.push({ event, storedId });
  }
  return { duplicates, conflicts };
}
