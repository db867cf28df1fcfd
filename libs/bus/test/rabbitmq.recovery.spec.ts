import { EventBatch } from '@backtrack/events';
import { expectEventually, outputBatches, terminalOutput, uniqueName } from '@backtrack/testing';
import { expectedSeqs } from './bus-test-context';
import { RabbitMqTestBroker } from './rabbitmq-test-broker';
import { RabbitMqTestContext } from './rabbitmq-test-context';

const broker = new RabbitMqTestBroker();
afterAll(() => broker.deleteClaimed());

describe('rabbitmq bus recovery', () => {
  let ctx: RabbitMqTestContext;

  afterEach(async () => {
    await ctx.dispose();
  });

  it('reconnects after the broker drops its connection: publishes in flight are confirmed, consumers resubscribe', async () => {
    ctx = new RabbitMqTestContext(broker);
    const bus = await ctx.bus();
    const { received } = await ctx.consume(bus, { group: 'projector' });
    const sessionId = uniqueName('s');
    const sent: EventBatch[] = [];
    let publishUntil = Infinity;
    const publishing = (async () => {
      // Keeps publishing through the drop and the reconnect, and a few batches after.
      while (sent.length < publishUntil) {
        const batch = batchNumber(sessionId, sent.length);
        await bus.publish(batch);
        sent.push(batch);
      }
    })();

    await expectEventually(() => expect(received.length).toBeGreaterThan(3));
    await ctx.dropConnection();
    publishUntil = sent.length + 5;
    await publishing;

    await expectEventually(() =>
      expect(unique(received.flatMap((r) => r.seqs))).toEqual(expectedSeqs(sent)),
    );
    expect(ctx.logs).toContainEqual(expect.stringMatching(/connection lost \(.*dropped by a test/));
    expect(ctx.logs).toContainEqual(expect.stringMatching(/reconnected after \d+ attempt/));
  });

  it('dead-letters a batch whose consumer keeps crashing once the delivery limit is reached', async () => {
    // The group is declared at connect, so its queues exist before the first publish.
    ctx = new RabbitMqTestContext(broker, { deliveryLimit: 2, groups: ['projector'] });
    const bus = await ctx.bus();
    const letters = await ctx.deadLetters(bus, 'projector');
    const sessionId = uniqueName('s');
    await bus.publish(outputBatches(sessionId, 1)[0]!);

    const attempts: number[] = [];
    for (let crash = 1; crash <= 3; crash++) {
      const crashing = await ctx.consume(
        bus,
        { group: 'projector', prefetch: 1 },
        async ({ attempt }) => {
          attempts.push(attempt);
          await new Promise(() => undefined); // the process dies while handling it
        },
      );
      await expectEventually(() => expect(attempts).toHaveLength(crash));
      await crashing.subscription.abort();
    }

    await expectEventually(() => expect(letters).toHaveLength(1));
    expect(attempts).toEqual([1, 2, 3]);
    expect(letters[0]).toMatchObject({
      group: 'projector',
      sessionId,
      reason: 'delivery limit reached (x-death)',
    });
    expect(
      JSON.parse(letters[0]!.body.toString()).events.map((e: { seq: number }) => e.seq),
    ).toEqual([1, 2, 3]);
  });

  it('fails a publish the broker keeps refusing once the publish timeout is over, naming the broker', async () => {
    ctx = new RabbitMqTestContext(broker, { groups: ['projector'], publishTimeoutMs: 1_000 });
    const bus = await ctx.bus();
    const emptyAgain = await broker.limitQueuesToOneMessage(ctx.namespace);
    try {
      const [filler, refused] = outputBatches(uniqueName('s'), 2);
      await bus.publish(filler!); // fills the session's shard queue
      await expect(bus.publish(refused!)).rejects.toThrow(
        /^RabbitMQ at amqp:\/\/guest:\*\*\*@.* did not confirm a publish to .*\.events within 1000 ms/,
      );
    } finally {
      await emptyAgain();
    }
  });
});

// Batch i of a session holds seqs 3i+1 .. 3i+3, like outputBatches, built only when needed.
function batchNumber(sessionId: string, i: number): EventBatch {
  return { sessionId, events: [1, 2, 3].map((j) => terminalOutput(sessionId, i * 3 + j)) };
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}
