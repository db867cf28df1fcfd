import { EventBatch } from '@backtrack/events';
import { outputBatches, uniqueName } from '@backtrack/testing';
import { BatchHandler, DeadLetter, EventBus, SubscribeOptions, Subscription } from '../src';

export type BusFactory = (namespace: string) => Promise<EventBus>;

export interface Received {
  sessionId: string;
  seqs: number[];
  attempt: number;
}

// Builds the world a contract test talks about: a bus in its own namespace, sessions, consumers.
export class BusTestContext {
  readonly buses: EventBus[] = [];
  readonly subscriptions: Subscription[] = [];
  readonly namespace = uniqueName('bt-contract');

  constructor(private readonly factory: BusFactory) {}

  async bus(): Promise<EventBus> {
    const bus = await this.factory(this.namespace);
    this.buses.push(bus);
    return bus;
  }

  sessions(count: number, batchesEach: number, eventsPerBatch = 3): Map<string, EventBatch[]> {
    const sessions = new Map<string, EventBatch[]>();
    for (let i = 0; i < count; i++) {
      const id = uniqueName(`s${i}`);
      sessions.set(id, outputBatches(id, batchesEach, eventsPerBatch));
    }
    return sessions;
  }

  // Publishes every session's batches in order, all sessions at once.
  async publishAll(bus: EventBus, sessions: Map<string, EventBatch[]>): Promise<void> {
    await Promise.all(
      [...sessions.values()].map(async (batches) => {
        for (const batch of batches) await bus.publish(batch);
      }),
    );
  }

  async consume(
    bus: EventBus,
    options: SubscribeOptions,
    onBatch?: BatchHandler,
  ): Promise<{ received: Received[]; subscription: Subscription }> {
    const received: Received[] = [];
    const subscription = await bus.subscribe(options, async (delivery) => {
      if (onBatch) await onBatch(delivery);
      received.push({
        sessionId: delivery.batch.sessionId,
        seqs: delivery.batch.events.map((e) => e.seq),
        attempt: delivery.attempt,
      });
    });
    this.subscriptions.push(subscription);
    return { received, subscription };
  }

  async deadLetters(bus: EventBus, group: string): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    this.subscriptions.push(
      await bus.subscribeDeadLetters(group, async (letter) => void letters.push(letter)),
    );
    return letters;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((s) => s.close()));
    await Promise.allSettled(this.buses.map((b) => b.close()));
  }
}

export function seqsBySession(received: Received[]): Map<string, number[]> {
  const bySession = new Map<string, number[]>();
  for (const r of received)
    bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), ...r.seqs]);
  return bySession;
}

export function expectedSeqs(batches: EventBatch[]): number[] {
  return batches.flatMap((b) => b.events.map((e) => e.seq));
}
