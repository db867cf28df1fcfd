import { AnyEvent, createEvent, EventType, PayloadInput } from '@backtrack/events';
import { uniqueName } from '@backtrack/testing';

export interface BulkSession {
  sessionId: string;
  events: AnyEvent[];
  commands: number;
  outputBytes: number;
}

const ACTOR = { user: 'ada', host: 'ada-build-box' };

// A long non-interactive session as a capture agent sends it: started, `commands` x (started, 2 outputs, finished),
// ended. Timestamps advance 1 ms per event from a time of today, so the session reads like one just recorded.
export function bulkSession(commands: number): BulkSession {
  const sessionId = uniqueName('bulk-session');
  const startAt = Date.now();
  const events: AnyEvent[] = [];
  let outputBytes = 0;
  const add = <T extends EventType>(type: T, payload: PayloadInput<T>) =>
    events.push(
      createEvent({
        sessionId,
        seq: events.length + 1,
        type,
        payload,
        actor: ACTOR,
        at: startAt + events.length,
      }),
    );
  add('session.started', {
    source: 'terminal',
    shell: 'bash',
    agent: { name: 'e2e', version: '0' },
  });
  for (let i = 1; i <= commands; i++) {
    const commandId = `c${i}`;
    add('terminal.command.started', { commandId, commandLine: `make step-${i}` });
    for (const data of [`building step ${i}\r\n`, `step ${i} ok\r\n`]) {
      outputBytes += Buffer.byteLength(data);
      add('terminal.output', { data });
    }
    add('terminal.command.finished', { commandId, exitCode: i % 10 === 0 ? 2 : 0, durationMs: 3 });
  }
  add('session.ended', { exitCode: 0, reason: 'exited' });
  return { sessionId, events, commands, outputBytes };
}

// Events cut into batches of `size`, in order, as a capture agent flushes them.
export function batchesOf(events: AnyEvent[], size: number): AnyEvent[][] {
  const batches: AnyEvent[][] = [];
  for (let i = 0; i < events.length; i += size) batches.push(events.slice(i, i + size));
  return batches;
}
