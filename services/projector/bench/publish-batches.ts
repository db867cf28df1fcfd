import { performance } from 'node:perf_hooks';
import { EventBus } from '@backtrack/bus';
import { AgentBatch } from './terminal-sessions';

export interface PublishOptions {
  // Batches awaiting the broker's confirmation at once, over all sessions.
  concurrency: number;
  // Events per second to publish at; without it, as fast as the broker confirms.
  eventsPerSecond?: number;
  onPublish: (batch: AgentBatch, at: number) => void;
  signal: AbortSignal;
}

// Many agents at once, each sending its session's batches one after another (the next only once the broker has the
// previous, as the recorder's sender does), so every session arrives in order.
export async function publishAgentBatches(
  bus: EventBus,
  sessions: AgentBatch[][],
  options: PublishOptions,
): Promise<void> {
  const ready: Array<{ session: AgentBatch[]; index: number }> = sessions
    .filter((session) => session.length > 0)
    .map((session) => ({ session, index: 0 }));
  let head = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let published = 0;
  let failure: Error | undefined;
  const publish = (next: { session: AgentBatch[]; index: number }) => {
    const batch = next.session[next.index]!;
    options.onPublish(batch, performance.now());
    published += batch.events;
    const sent: Promise<void> = bus.publishEncoded(batch.sessionId, batch.body).then(
      () => {
        inFlight.delete(sent);
        if (next.index + 1 < next.session.length)
          ready.push({ session: next.session, index: next.index + 1 });
      },
      (error: Error) => {
        inFlight.delete(sent);
        failure ??= error;
      },
    );
    inFlight.add(sent);
  };
  while (head < ready.length || inFlight.size > 0) {
    if (failure) throw new Error(`publish failed: ${failure.message}`);
    if (options.signal.aborted) throw new Error('interrupted');
    while (head < ready.length && inFlight.size < options.concurrency) {
      if (options.eventsPerSecond) {
        const wait = started + (published / options.eventsPerSecond) * 1000 - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      publish(ready[head++]!);
    }
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  if (failure) throw new Error(`publish failed: ${failure.message}`);
}
