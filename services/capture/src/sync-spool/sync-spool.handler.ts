import { readdirSync } from 'node:fs';
import { EventSink } from '../deliver-events/event-sink';
import { drainSpool } from '../spool/drain-spool';
import { SessionSpool } from '../spool/session-spool';
import { SPOOL_SUFFIX } from '../spool/spool-paths';

export interface SyncedSession {
  sessionId: string;
  batches: number;
  // Everything this session had spooled is now delivered (its spool files are gone).
  complete: boolean;
  // Another live process (a recorder still running) owns this session's spool.
  busy: boolean;
  error?: string;
}

export interface SyncOptions {
  dir: string;
  exclude?: string;
  shouldStop?: () => boolean;
}

// Sends every spooled session to the sink, each in order, oldest session first (ids are UUIDv7). Stops at the first
// failure: when the sink is down, every other session would fail the same way.
export async function syncSpooledSessions(
  sink: EventSink,
  options: SyncOptions,
): Promise<SyncedSession[]> {
  const shouldStop = options.shouldStop ?? (() => false);
  const results: SyncedSession[] = [];
  for (const sessionId of spooledSessionIds(options.dir)) {
    if (sessionId === options.exclude || shouldStop()) continue;
    const spool = await SessionSpool.open(options.dir, sessionId);
    if (!spool) {
      results.push({ sessionId, batches: 0, complete: false, busy: true });
      continue;
    }
    const result: SyncedSession = { sessionId, batches: 0, complete: false, busy: false };
    try {
      result.complete = await drainSpool(spool, async (body) => {
        if (shouldStop()) return false;
        try {
          await sink.deliver(sessionId, body);
          result.batches += 1;
          return true;
        } catch (error) {
          result.error = (error as Error).message;
          return false;
        }
      });
    } finally {
      await spool.close();
    }
    results.push(result);
    if (result.error) break;
  }
  return results;
}

export function spooledSessionIds(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(SPOOL_SUFFIX))
      .map((name) => name.slice(0, -SPOOL_SUFFIX.length))
      .sort();
  } catch {
    return [];
  }
}
