import { AnyEvent, createEvent, EventBatch, EventType, PayloadInput } from '@backtrack/events';

export const testActor = { user: 'ada', host: 'ada-laptop' };

export function terminalOutput(
  sessionId: string,
  seq: number,
  data = `line ${seq}\r\n`,
  at?: number,
): AnyEvent {
  return createEvent({
    sessionId,
    seq,
    type: 'terminal.output',
    payload: { data },
    actor: testActor,
    ...(at !== undefined ? { at } : {}),
  });
}

export function event<T extends EventType>(
  sessionId: string,
  seq: number,
  type: T,
  payload: PayloadInput<T>,
): AnyEvent {
  return createEvent({ sessionId, seq, type, payload, actor: testActor });
}

// Consecutive batches of terminal output for one session: batch i holds seqs [i*size+1 .. (i+1)*size].
export function outputBatches(sessionId: string, count: number, size = 3): EventBatch[] {
  return Array.from({ length: count }, (_, i) => ({
    sessionId,
    events: Array.from({ length: size }, (_, j) => terminalOutput(sessionId, i * size + j + 1)),
  }));
}
