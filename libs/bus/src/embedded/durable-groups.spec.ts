import { EventBatch } from '@backtrack/events';
import { expectEventually, outputBatches, uniqueName } from '@backtrack/testing';
import { DeadLetter, Delivery } from '../port';
import { EmbeddedBus } from './embedded.bus';

describe('embedded bus with a durable group', () => {
  let ctx: DurableBusTestContext;

  beforeEach(() => {
    ctx = new DurableBusTestContext();
  });
  afterEach(() => ctx.dispose());

  it('confirm a publish only once the durable group handled the batch', async () => {
    const projector = ctx.blockedHandler();
    await ctx.bus.subscribe({ group: 'projector' }, projector.handle);

    const publish = ctx.publish(ctx.batch());
    await expectEventually(() => expect(projector.started).toBe(1));
    await ctx.turn();
    expect(publish.settled).toBe(false);

    projector.release();
    await publish.done;
    expect(projector.finished).toBe(1);
  });

  it('hold a batch published before the durable group subscribed, and confirm it once handled', async () => {
    const publish = ctx.publish(ctx.batch());
    await ctx.turn();
    expect(publish.settled).toBe(false);

    const handled: string[] = [];
    await ctx.bus.subscribe({ group: 'projector' }, async ({ batch }) => {
      handled.push(batch.sessionId);
    });

    await publish.done;
    expect(handled).toEqual([publish.batch.sessionId]);
  });

  it('never wait for a group that is not durable', async () => {
    await ctx.bus.subscribe({ group: 'projector' }, async () => undefined);
    const replay = ctx.blockedHandler();
    await ctx.bus.subscribe({ group: 'replay' }, replay.handle);

    await ctx.publish(ctx.batch()).done;

    expect(replay.finished).toBe(0);
    replay.release();
  });

  it('confirm a poison batch once its dead letter is recorded', async () => {
    const letters: DeadLetter[] = [];
    await ctx.bus.subscribeDeadLetters('projector', async (letter) => void letters.push(letter));
    await ctx.bus.subscribe({ group: 'projector', maxAttempts: 2 }, async () => {
      throw new Error('cannot project');
    });

    await ctx.publish(ctx.batch()).done;

    expect(letters).toEqual([
      expect.objectContaining({ reason: 'handler failed 2 times: cannot project' }),
    ]);
  });

  it('refuse the publish when not even its dead letter could be recorded', async () => {
    await ctx.bus.subscribeDeadLetters('projector', async () => {
      throw new Error('dead_letters is full');
    });
    await ctx.bus.subscribe({ group: 'projector', maxAttempts: 1 }, async () => {
      throw new Error('cannot project');
    });

    await expect(ctx.publish(ctx.batch()).done).rejects.toThrow(
      'group "projector" could not record the batch as a dead letter: dead_letters is full',
    );
  });

  it('confirm what a crashed member held once the member that took over handled it', async () => {
    const crashing = ctx.blockedHandler();
    const member = await ctx.bus.subscribe({ group: 'projector' }, crashing.handle);
    const publish = ctx.publish(ctx.batch());
    await expectEventually(() => expect(crashing.started).toBe(1));
    await member.abort();
    await ctx.turn();
    expect(publish.settled).toBe(false);

    const attempts: number[] = [];
    await ctx.bus.subscribe({ group: 'projector' }, async ({ attempt }) => {
      attempts.push(attempt);
    });

    await publish.done;
    expect(attempts).toEqual([2]);
    crashing.release();
  });

  it('refuse the publishes still waiting when the bus closes', async () => {
    const publish = ctx.publish(ctx.batch());

    await ctx.bus.close();

    await expect(publish.done).rejects.toThrow(
      'embedded bus closed before group "projector" stored the batch',
    );
  });
});

// A bus whose group "projector" is durable, and publishes watched as they settle.
class DurableBusTestContext {
  readonly bus = new EmbeddedBus({ durableGroups: ['projector'] });

  batch(): EventBatch {
    return outputBatches(uniqueName('s'), 1)[0]!;
  }

  publish(batch: EventBatch): { batch: EventBatch; done: Promise<void>; settled: boolean } {
    const watched = { batch, settled: false, done: this.bus.publish(batch) };
    watched.done.then(
      () => (watched.settled = true),
      () => (watched.settled = true),
    );
    return watched;
  }

  // Lets every callback already due run, so anything about to settle has settled.
  turn(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  // A handler that holds every batch until released.
  blockedHandler() {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const state = {
      started: 0,
      finished: 0,
      release: () => release(),
      handle: async (_delivery: Delivery) => {
        state.started++;
        await released;
        state.finished++;
      },
    };
    return state;
  }

  dispose(): Promise<void> {
    return this.bus.close();
  }
}
