import { BATCH_CONTENT_TYPE, EventBatch } from '@backtrack/events';
import {
  expectEventually,
  outputBatches,
  terminalOutput,
  testServices,
  uniqueName,
} from '@backtrack/testing';
import { Consumer, IHeaders, Kafka, logLevel } from 'kafkajs';
import { BatchHandler, KafkaBus, Subscription } from '../src';

interface RawMessage {
  key: string | undefined;
  headers: Record<string, string>;
  value: Buffer;
}

// A namespace of its own, a bus in it, and a plain kafkajs reader to look at what the adapter stored.
class KafkaTestContext {
  readonly brokers = testServices.kafkaBrokers;
  readonly namespace = uniqueName('bt-kafka');
  private readonly kafka = new Kafka({
    brokers: this.brokers,
    clientId: 'kafka-adapter-spec',
    logLevel: logLevel.NOTHING,
  });
  private readonly buses: KafkaBus[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly readers: Consumer[] = [];

  async bus(): Promise<KafkaBus> {
    const bus = await KafkaBus.connect({ brokers: this.brokers, namespace: this.namespace });
    this.buses.push(bus);
    return bus;
  }

  async consume(bus: KafkaBus, group: string, onBatch: BatchHandler = async () => undefined) {
    const received: Array<{ seqs: number[]; attempt: number }> = [];
    const subscription = await bus.subscribe({ group, prefetch: 1 }, async (delivery) => {
      await onBatch(delivery);
      received.push({ seqs: delivery.batch.events.map((e) => e.seq), attempt: delivery.attempt });
    });
    this.subscriptions.push(subscription);
    return { received, subscription };
  }

  // Everything on a topic of this namespace, as stored.
  async read(topicSuffix: 'events' | 'events.dead'): Promise<RawMessage[]> {
    const messages: RawMessage[] = [];
    const reader = this.kafka.consumer({
      groupId: uniqueName(`${this.namespace}.spec-reader`),
      maxWaitTimeInMs: 100,
    });
    this.readers.push(reader);
    await reader.connect();
    await reader.subscribe({ topic: `${this.namespace}.${topicSuffix}`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        messages.push({
          key: message.key?.toString(),
          headers: texts(message.headers),
          value: message.value ?? Buffer.alloc(0),
        });
      },
    });
    return messages;
  }

  // The consumer groups the broker knows in this namespace.
  async groups(): Promise<string[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      return groups.map((g) => g.groupId).filter((id) => id.startsWith(`${this.namespace}.`));
    } finally {
      await admin.disconnect();
    }
  }

  async topicSettings(): Promise<{ partitions: number; maxMessageBytes: number }> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topic = `${this.namespace}.events`;
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic, configNames: ['max.message.bytes'] }],
      });
      return {
        partitions: metadata!.partitions.length,
        maxMessageBytes: Number(resources[0]!.configEntries[0]!.configValue),
      };
    } finally {
      await admin.disconnect();
    }
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.readers.map((r) => r.disconnect()));
    await Promise.allSettled(this.subscriptions.map((s) => s.close()));
    await Promise.allSettled(this.buses.map((b) => b.close()));
    await KafkaBus.deleteNamespace({ brokers: this.brokers, namespace: this.namespace });
  }
}

function texts(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
}

describe('kafka bus adapter', () => {
  let ctx: KafkaTestContext;

  beforeEach(() => {
    ctx = new KafkaTestContext();
  });

  afterEach(async () => {
    await ctx.dispose();
  });

  it('creates the event topic with its partitions and room for an 8 MiB batch', async () => {
    await ctx.bus();
    const settings = await ctx.topicSettings();
    expect(settings.partitions).toBe(12);
    expect(settings.maxMessageBytes).toBeGreaterThanOrEqual(10 * 1024 * 1024);
  });

  it('stores a batch keyed by its session, saying what it is and whose it is in headers', async () => {
    const bus = await ctx.bus();
    const [batch] = outputBatches(uniqueName('s'), 1, 2);
    await bus.publish(batch!);
    const stored = await ctx.read('events');
    await expectEventually(() => expect(stored).toHaveLength(1));
    expect(stored[0]).toMatchObject({
      key: batch!.sessionId,
      headers: { 'content-type': BATCH_CONTENT_TYPE, 'x-session-id': batch!.sessionId },
    });
    expect(
      JSON.parse(stored[0]!.value.toString()).events.map((e: { seq: number }) => e.seq),
    ).toEqual([1, 2]);
  });

  it('dead-letters with the reason, the group and the session in headers', async () => {
    const bus = await ctx.bus();
    const sessionId = uniqueName('s');
    await ctx.consume(bus, 'projector');
    await bus.publishEncoded(sessionId, Buffer.from('not json'));
    const dead = await ctx.read('events.dead');
    await expectEventually(() => expect(dead).toHaveLength(1));
    expect(dead[0]!.key).toBe(sessionId);
    expect(dead[0]!.headers).toMatchObject({ 'x-group': 'projector', 'x-session-id': sessionId });
    expect(dead[0]!.headers['x-reason']).toMatch(/^batch: not JSON/);
    expect(dead[0]!.value.toString()).toBe('not json');
  });

  it('counts every crash that held a batch in its attempt', async () => {
    const bus = await ctx.bus();
    const [batch] = outputBatches(uniqueName('s'), 1);
    const heldWith: number[] = [];
    const holdForever: BatchHandler = ({ attempt }) => {
      heldWith.push(attempt);
      return new Promise<void>(() => undefined);
    };
    const first = await ctx.consume(bus, 'projector', holdForever);
    await bus.publish(batch!);
    await expectEventually(() => expect(heldWith).toEqual([1]));
    await first.subscription.abort();
    const second = await ctx.consume(bus, 'projector', holdForever);
    await expectEventually(() => expect(heldWith).toEqual([1, 2]));
    await second.subscription.abort();
    const third = await ctx.consume(bus, 'projector');
    await expectEventually(() => expect(third.received).toEqual([{ seqs: [1, 2, 3], attempt: 3 }]));
  });

  it('lets a closing member finish its batch and commit it, so the group does not see it again', async () => {
    const bus = await ctx.bus();
    const [batch] = outputBatches(uniqueName('s'), 1);
    let release: (() => void) | undefined;
    const slow = await ctx.consume(
      bus,
      'projector',
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await bus.publish(batch!);
    await expectEventually(() => expect(release).toBeDefined());
    const closing = slow.subscription.close();
    expect(slow.subscription.pending()).toBe(1);
    release!();
    await closing;
    expect(slow.received).toEqual([{ seqs: [1, 2, 3], attempt: 1 }]);
    const [next] = outputBatches(batch!.sessionId, 2).slice(1);
    const successor = await ctx.consume(bus, 'projector');
    await bus.publish(next!);
    await expectEventually(() =>
      expect(successor.received).toEqual([{ seqs: [4, 5, 6], attempt: 1 }]),
    );
  });

  it('runs an ephemeral subscriber as a consumer group of its own, deleted when it closes or crashes', async () => {
    const bus = await ctx.bus();
    const [batch] = outputBatches(uniqueName('s'), 1);
    const received: number[][] = [];
    const handler: BatchHandler = async ({ batch }) =>
      void received.push(batch.events.map((e) => e.seq));
    const closing = await bus.subscribe({ group: 'replay', ephemeral: true }, handler);
    const crashing = await bus.subscribe({ group: 'replay', ephemeral: true }, handler);
    await bus.publish(batch!);
    await expectEventually(() => expect(received).toHaveLength(2));
    const groups = await ctx.groups();
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group).toMatch(`${ctx.namespace}.ephemeral.replay.`);

    await closing.close();
    await crashing.abort();

    expect(await ctx.groups()).toEqual([]);
  });

  it('carries a batch close to the 8 MiB limit', async () => {
    const bus = await ctx.bus();
    const sessionId = uniqueName('s');
    const big: EventBatch = {
      sessionId,
      events: Array.from({ length: 7 }, (_, i) =>
        terminalOutput(sessionId, i + 1, 'x'.repeat(1_000_000)),
      ),
    };
    const { received } = await ctx.consume(bus, 'projector');
    await bus.publish(big);
    await expectEventually(() =>
      expect(received).toEqual([{ seqs: [1, 2, 3, 4, 5, 6, 7], attempt: 1 }]),
    );
  });

  it('refuses options it cannot use, naming them', async () => {
    await expect(KafkaBus.connect({ brokers: [], namespace: 'x' })).rejects.toThrow(
      /brokers must be a non-empty list/,
    );
    await expect(
      KafkaBus.connect({ brokers: ctx.brokers, namespace: 'has space' }),
    ).rejects.toThrow(/namespace "has space"/);
    await expect(KafkaBus.connect({ brokers: ctx.brokers, partitions: 0 })).rejects.toThrow(
      /partitions must be a positive integer/,
    );
    const bus = await ctx.bus();
    await expect(bus.subscribe({ group: 'a/b' }, async () => undefined)).rejects.toThrow(
      /group "a\/b"/,
    );
    await expect(bus.subscribe({ group: 'g', prefetch: 0 }, async () => undefined)).rejects.toThrow(
      /prefetch must be a positive integer/,
    );
  });

  it('gives up connecting to a broker that is not there, naming it', async () => {
    await expect(
      KafkaBus.connect({ brokers: ['127.0.0.1:1'], namespace: ctx.namespace }),
    ).rejects.toThrow(/127\.0\.0\.1:1/);
  }, 30_000);
});
