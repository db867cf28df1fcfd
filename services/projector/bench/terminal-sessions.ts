import { Actor, AnyEvent, Context, createEvent, encodeBatch } from '@backtrack/events';

export interface TerminalSessionShape {
  sessionId: string;
  // All of the session's events, session.started and session.ended included.
  events: number;
  actor: Actor;
  context: Context;
  startAt: number;
  stepMs: number;
  output: (seq: number) => string;
  commandLine: (command: number) => string;
}

// A recorded terminal session: mostly output, a command started and finished every 50 events.
export function terminalSession(shape: TerminalSessionShape): AnyEvent[] {
  const events: AnyEvent[] = [];
  const add = (type: string, payload: unknown) =>
    events.push(
      createEvent({
        sessionId: shape.sessionId,
        seq: events.length + 1,
        type: type as never,
        payload: payload as never,
        actor: shape.actor,
        context: shape.context,
        at: shape.startAt + events.length * shape.stepMs,
      }),
    );
  add('session.started', {
    source: 'terminal',
    cols: 120,
    rows: 40,
    agent: { name: 'bench', version: '0' },
  });
  let command = 0;
  while (events.length < shape.events - 1) {
    const i = events.length % 50;
    if (i === 1)
      add('terminal.command.started', {
        commandId: `c${++command}`,
        commandLine: shape.commandLine(command),
      });
    else if (i === 49)
      add('terminal.command.finished', { commandId: `c${command}`, exitCode: 0, durationMs: 48 });
    else add('terminal.output', { data: shape.output(events.length + 1) });
  }
  add('session.ended', { exitCode: 0, reason: 'exited' });
  return events;
}

export interface AgentBatch {
  sessionId: string;
  events: number;
  lastSeq: number;
  body: Buffer;
}

// Cut the way the recorder's EventBatcher flushes a busy session: full batches of `maxEvents`, in seq order.
export function agentBatches(events: AnyEvent[], maxEvents = 500): AgentBatch[] {
  const batches: AgentBatch[] = [];
  for (let i = 0; i < events.length; i += maxEvents) {
    const slice = events.slice(i, i + maxEvents);
    const sessionId = slice[0]!.sessionId;
    batches.push({
      sessionId,
      events: slice.length,
      lastSeq: slice[slice.length - 1]!.seq,
      body: encodeBatch({ sessionId, events: slice }),
    });
  }
  return batches;
}
