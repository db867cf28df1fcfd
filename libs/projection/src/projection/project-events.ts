import { AnyEvent } from '@backtrack/events';
import { CommandKey, CommandRow, ReadModelChanges, SessionRow } from '@backtrack/store';
import { SessionProjection } from './session-projection';

export interface ProjectionState {
  sessions: SessionRow[];
  commands: CommandRow[];
}

export interface Gap {
  event: AnyEvent;
  expectedSeq: number;
}

export interface Projected {
  changes: ReadModelChanges;
  gaps: Gap[];
}

// Pure: stored rows + new events -> rows to write. Live ingest and rebuild both come through here.
export function projectEvents(state: ProjectionState, events: AnyEvent[]): Projected {
  const changes: ReadModelChanges = { sessions: [], commands: [], activity: [] };
  const gaps: Gap[] = [];
  const storedSessions = new Map(state.sessions.map((s) => [s.sessionId, s]));
  const storedCommands = groupBy(state.commands, (c) => c.sessionId);
  for (const [sessionId, sessionEvents] of groupBy(events, (e) => e.sessionId)) {
    sessionEvents.sort((a, b) => a.seq - b.seq);
    const projection = new SessionProjection(
      storedSessions.get(sessionId),
      storedCommands.get(sessionId) ?? [],
    );
    for (const event of sessionEvents) {
      const expectedSeq = projection.lastSeq + 1;
      // A gap is reported but the event still applies, so one lost event does not stop the session.
      if (event.seq > expectedSeq) gaps.push({ event, expectedSeq });
      projection.apply(event);
    }
    changes.sessions.push(projection.sessionRow()!);
    changes.commands.push(...projection.changedCommands());
    changes.activity.push(...projection.activity);
  }
  return { changes, gaps };
}

export function sessionIdsOf(events: AnyEvent[]): string[] {
  return [...new Set(events.map((e) => e.sessionId))];
}

// Commands a batch finishes may have started in an earlier batch: their stored rows are needed.
export function finishedCommandsOf(events: AnyEvent[]): CommandKey[] {
  const keys: CommandKey[] = [];
  for (const event of events) {
    if (event.type === 'terminal.command.finished')
      keys.push({ sessionId: event.sessionId, commandId: event.payload.commandId });
  }
  return keys;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = grouped.get(key);
    if (list) list.push(item);
    else grouped.set(key, [item]);
  }
  return grouped;
}
