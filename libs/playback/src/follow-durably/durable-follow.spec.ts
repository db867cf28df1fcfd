import { createBus, EventBus, KafkaBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import { appendEvents, testing } from '@backtrack/store';
import { expectEventually, terminalOutput, testServices, uniqueName } from '@backtrack/testing';
import { randomUUID } from 'node:crypto';
import { FollowSink } from '../follow-session/follow-session';
import { ServerMessage } from '../protocol/messages';
import { DurableFollows } from './durable-follows';
import { followQueueGroup } from './follow-queue-group';

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const owner = { user: 'ada', teamId: 'team-1' };

// A follower's connection: the messages its socket took; `stallFrom(seq)` makes writes from that seq on never finish,
// as with a client that stopped reading (or a socket that died unnoticed).
class TestConnection {
  readonly taken: ServerMessage[] = [];
  readonly offered: ServerMessage[] = [];
  private stallSeq = Number.POSITIVE_INFINITY;

  readonly sink: FollowSink = {
    send: (text) => {
      const message = JSON.parse(text) as ServerMessage;
      this.offered.push(message);
      if (message.type === 'events' && message.events[0]!.seq >= this.stallSeq)
        return new Promise<void>(() => undefined);
      this.taken.push(message);
      return Promise.resolve();
    },
  };

  stallFrom(seq: number): void {
    this.stallSeq = seq;
  }

  offeredSeqs(): number[] {
    return this.offered.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.seq) : []));
  }

  seqs(): number[] {
    return this.taken.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.seq) : []));
  }

  async tookUpTo(seq: number): Promise<void> {
    await expectEventually(() => expect(this.seqs().at(-1)).toBe(seq), { timeoutMs: 45_000 });
  }
}

class DurableFollowContext {
  private readonly groups = new Set<string>();

  private constructor(
    readonly database: testing.TestDatabase,
    readonly bus: EventBus,
    readonly namespace: string,
    readonly follows: DurableFollows,
  ) {}

  static async create(kind: 'rabbitmq' | 'kafka'): Promise<DurableFollowContext> {
    const database = await testing.createTestDatabase({ poolSize: 4 });
    const namespace = uniqueName('bt-durable-follow');
    const url =
      kind === 'rabbitmq' ? testServices.amqpUrl : `kafka://${testServices.kafkaBrokers.join(',')}`;
    const bus = await createBus(url, { namespace, groups: [] }); // no projector queues to leave behind
    const follows = new DurableFollows(database.dataSource, bus, {
      retryMs: 20,
      log: () => undefined,
    });
    return new DurableFollowContext(database, bus, namespace, follows);
  }

  output(sessionId: string, from: number, to: number): AnyEvent[] {
    return range(from, to).map((seq) => terminalOutput(sessionId, seq));
  }

  async store(events: AnyEvent[]): Promise<void> {
    await appendEvents(this.database.dataSource, events);
  }

  async publish(events: AnyEvent[]): Promise<void> {
    await this.bus.publish({ sessionId: events[0]!.sessionId, events });
  }

  follow(sessionId: string, queue: string, after: number | undefined, connection: TestConnection) {
    this.groups.add(followQueueGroup(owner, sessionId, queue));
    return this.follows.follow({ sessionId, owner, queue, after, sink: connection.sink });
  }

  async close(): Promise<void> {
    await this.follows.close();
    for (const group of this.groups) await this.bus.deleteGroup(group); // queues of followers that never came back
    await this.bus.close();
    if (this.bus.kind === 'kafka')
      await KafkaBus.deleteNamespace({
        brokers: testServices.kafkaBrokers,
        namespace: this.namespace,
      });
    await this.database.drop();
  }
}

function durableFollowBehaviour(kind: 'rabbitmq' | 'kafka') {
  let ctx: DurableFollowContext;
  beforeAll(async () => {
    ctx = await DurableFollowContext.create(kind);
  }, 60_000);
  afterAll(() => ctx?.close());

  it('acknowledges a batch only once the socket took it: one a follower left without comes to its next connection', async () => {
    const sessionId = `s-${randomUUID()}`;
    await ctx.store(ctx.output(sessionId, 1, 10));
    const first = new TestConnection();
    const leaving = await ctx.follow(sessionId, 'q', 0, first);
    await first.tookUpTo(10);
    first.stallFrom(11);

    await ctx.publish(ctx.output(sessionId, 11, 20)); // on the bus only: the projector has not stored it
    await expectEventually(() => expect(first.offeredSeqs()).toContain(20), { timeoutMs: 45_000 });
    await leaving.stop();
    const second = new TestConnection();
    await ctx.follow(sessionId, 'q', 10, second);
    await ctx.publish(ctx.output(sessionId, 21, 25));
    await second.tookUpTo(25);

    expect(first.seqs()).toEqual(range(1, 10));
    expect(second.seqs()).toEqual(range(11, 25));
  });

  it('fills from the store what a new queue never had, once the projector has it', async () => {
    const sessionId = `s-${randomUUID()}`;
    await ctx.publish(ctx.output(sessionId, 1, 20)); // before the queue existed
    await ctx.store(ctx.output(sessionId, 1, 10)); // the projector lags behind

    const connection = new TestConnection();
    await ctx.follow(sessionId, 'q', 0, connection);
    await connection.tookUpTo(10);
    await ctx.publish(ctx.output(sessionId, 21, 30));
    await ctx.store(ctx.output(sessionId, 11, 30));
    await connection.tookUpTo(30);

    expect(connection.seqs()).toEqual(range(1, 30));
  });
}

describe('a follow with a queue of its own (RabbitMQ)', () => durableFollowBehaviour('rabbitmq'));
describe('a follow with a queue of its own (Kafka)', () => durableFollowBehaviour('kafka'));

describe('follow queue names on the bus', () => {
  it('tell whose queue it is, and keep the names of different owners apart', () => {
    const group = followQueueGroup(owner, 's-1', 'laptop');
    expect(group).toMatch(/^follow\.s-1\.laptop\.[0-9a-f]{16}$/);
    expect(followQueueGroup({ ...owner, user: 'bea' }, 's-1', 'laptop')).not.toBe(group);
    expect(followQueueGroup({ ...owner, teamId: 'team-2' }, 's-1', 'laptop')).not.toBe(group);
  });

  it('fit every broker whatever the session id holds', () => {
    const group = followQueueGroup(
      owner,
      `weird/id with spaces ${'x'.repeat(100)}`,
      'q'.repeat(64),
    );
    expect(group).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/);
  });
});
