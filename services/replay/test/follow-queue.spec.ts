import { randomUUID } from 'node:crypto';
import { expectEventually } from '@backtrack/testing';
import { BusKind, FollowQueueContext } from './follow-queue-context';

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function followQueueBehaviour(kind: BusKind) {
  // On the embedded bus nothing outlives the process, and every batch is stored before the ingest answers: the
  // queue lasts as long as the connection, and a follower that comes back catches up from the store.
  const keepsQueue = kind !== 'embedded';
  let ctx: FollowQueueContext;
  beforeAll(async () => {
    ctx = await FollowQueueContext.start(kind);
  }, 60_000);
  afterAll(() => ctx?.close());

  it('gives a follower that comes back to its queue exactly what it missed, and nothing of other sessions', async () => {
    const token = await ctx.tokenFor('ada');
    const session = ctx.session('ada');
    const other = ctx.session('ada');
    await ctx.store(session.output(1, 20));

    const first = ctx.follow(session.sessionId, token, { after: 0, queue: 'laptop' });
    await first.receivedUpTo(20);
    await ctx.record(session.output(21, 30), { stored: true });
    await first.receivedUpTo(30);
    await first.leave();
    // Away: the projector stores only some of it, so the queue alone has the rest; what both have is shown once.
    await ctx.record(session.output(31, 45), { stored: true });
    await ctx.record(session.output(46, 60), { stored: !keepsQueue });
    await ctx.record(other.output(1, 30), { stored: false });

    const again = ctx.follow(session.sessionId, token, { after: 30, queue: 'laptop' });
    await again.receivedUpTo(60);
    await ctx.record([...session.output(61, 70), session.ended(71)], { stored: true });
    const closed = await again.closedWith();

    expect(first.seqs()).toEqual(range(1, 30));
    expect(again.seqs()).toEqual(range(31, 71));
    expect(again.events().every((e) => e.sessionId === session.sessionId)).toBe(true);
    expect(again.messages.at(-1)).toEqual({ type: 'ended', exitCode: 3 });
    expect(closed).toEqual({ code: 1000, reason: 'session ended' });
    if (keepsQueue) expect(await ctx.brokerHolds(session.sessionId, 'laptop')).toEqual([]);
  });

  it('starts a follower without after= at the current screen, then live from its queue', async () => {
    const token = await ctx.tokenFor('bea');
    const session = ctx.session('bea');
    await ctx.store(session.output(1, 5));

    const client = ctx.follow(session.sessionId, token, { queue: 'desk' });
    await client.receivedUpTo(5);
    await ctx.record(session.output(6, 15), { stored: false });
    await client.receivedUpTo(15);

    expect(client.messages[0]).toMatchObject({ type: 'snapshot', seq: 5 });
    expect(client.seqs()).toEqual(range(6, 15));
  });

  it('deletes the queue when the follower unfollows, then closes', async () => {
    const token = await ctx.tokenFor('cyd');
    const session = ctx.session('cyd');
    await ctx.store(session.output(1, 3));
    const client = ctx.follow(session.sessionId, token, { queue: 'phone' });
    await client.receivedUpTo(3);
    if (keepsQueue) expect(await ctx.brokerHolds(session.sessionId, 'phone')).not.toEqual([]);

    client.send({ type: 'unfollow' });

    expect(await client.closedWith()).toEqual({ code: 1000, reason: 'unfollowed' });
    if (keepsQueue) expect(await ctx.brokerHolds(session.sessionId, 'phone')).toEqual([]);
  });

  it('gives a queue to its newest connection: the one it had is told and closed with 1008', async () => {
    const teamId = randomUUID();
    const token = await ctx.tokenFor('dan', teamId);
    const colleague = await ctx.tokenFor('eve', teamId);
    const session = ctx.session('dan');
    await ctx.store(session.output(1, 10));
    const older = ctx.follow(session.sessionId, token, { after: 0, queue: 'tab' });
    await older.receivedUpTo(10);
    // Its queue is there once it has the screen (a queue has only what is published after it was made).
    const evesTab = ctx.follow(session.sessionId, colleague, { queue: 'tab' });
    await evesTab.receivedUpTo(10);

    const newer = ctx.follow(session.sessionId, token, { after: 10, queue: 'tab' });
    expect(await older.closedWith()).toEqual({ code: 1008, reason: 'queue taken over' });
    await ctx.record(session.output(11, 20), { stored: !keepsQueue });
    await Promise.all([newer.receivedUpTo(20), evesTab.receivedUpTo(20)]);

    expect(older.messages.at(-1)).toEqual({
      type: 'error',
      message: 'another connection took over queue tab',
    });
    expect(newer.seqs()).toEqual(range(11, 20));
    expect(evesTab.seqs()).toEqual(range(11, 20)); // another user's queue of the same name is another queue
    expect(evesTab.closed).toBeUndefined();
  });

  it('refuses a queue name it cannot use, and an unfollow on a follow without one', async () => {
    const token = await ctx.tokenFor('fay');
    const session = ctx.session('fay');
    await ctx.store(session.output(1, 3));

    const badName = ctx.follow(session.sessionId, token, { queue: 'my queue!' });
    const plain = ctx.follow(session.sessionId, token, {});
    await plain.receivedUpTo(3);
    plain.send({ type: 'unfollow' });

    expect((await badName.refused()).status).toBe(400);
    await expectEventually(() =>
      expect(plain.messages.at(-1)).toEqual({
        type: 'error',
        message: 'unfollow deletes a follow queue; this follow has none (follow with ?queue=NAME)',
      }),
    );
    expect(plain.closed).toBeUndefined();
  });
}

describe('follow with a queue of its own (RabbitMQ)', () => followQueueBehaviour('rabbitmq'));
describe('follow with a queue of its own (Kafka)', () => followQueueBehaviour('kafka'));
describe('follow with a queue of its own (embedded bus)', () => followQueueBehaviour('embedded'));
