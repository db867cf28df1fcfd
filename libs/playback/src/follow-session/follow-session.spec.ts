import { AnyEvent } from '@backtrack/events';
import { expectEventually } from '@backtrack/testing';
import { generateSession } from '../testing/generate-session';
import { ContextOptions, PlaybackTestContext } from '../testing/playback-test-context';
import { referenceScreen, screenOf } from '../testing/reference-screen';

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

// A session generated in full up front; `live(from, to)` are the events a recorder has not sent yet.
function sessionOf(ctx: PlaybackTestContext, events: number, seed = 1) {
  const all = generateSession({ sessionId: ctx.newSessionId(), events, seed, exitCode: 0 });
  return {
    sessionId: all[0]!.sessionId,
    all,
    upTo: (seq: number) => all.slice(0, seq),
    live: (from: number, to: number) => all.slice(from - 1, to),
  };
}

function inBatches(events: AnyEvent[], size: number): AnyEvent[][] {
  return Array.from({ length: Math.ceil(events.length / size) }, (_, i) =>
    events.slice(i * size, (i + 1) * size),
  );
}

function followBehaviour(options: ContextOptions) {
  let ctx: PlaybackTestContext;
  beforeAll(async () => {
    ctx = await PlaybackTestContext.create({ ...options, hubs: { pageSize: 50 } });
  });
  afterAll(() => ctx.close());

  it('deliver events published while a follower catches up exactly once, in order', async () => {
    const session = sessionOf(ctx, 1500);
    await ctx.store(session.upTo(1000));
    // Make sure the hub exists and the bus delivers to it before the follower under test catches up.
    const warm = await ctx.follow(session.sessionId);
    await warm.receivedUpTo(1000);

    const follower = await ctx.follow(session.sessionId, { after: 0 });
    let publishedWhileCatchingUp = 0;
    for (const batch of inBatches(session.live(1001, session.all.length), 20)) {
      if (follower.handle.follower.state === 'catching-up') publishedWhileCatchingUp++;
      await ctx.publishLive(batch, { stored: 'after' });
    }
    await follower.receivedUpTo(session.all.length);

    expect(publishedWhileCatchingUp).toBeGreaterThan(0);
    expect(follower.seqs()).toEqual(range(1, session.all.length));
    expect(follower.messagesOf('ended')).toEqual([{ type: 'ended', exitCode: 0 }]);
  });

  it('give a follower that reconnects with after=N exactly N+1.., then live', async () => {
    const session = sessionOf(ctx, 400, 2);
    await ctx.publishLive(session.upTo(100), { stored: 'before' });
    const first = await ctx.follow(session.sessionId, { after: 0 });
    await ctx.publishLive(session.live(101, 150));
    await first.receivedUpTo(150);
    first.close();
    const seen = first.lastSeq();

    await ctx.publishLive(session.live(151, 300)); // missed while away
    const again = await ctx.follow(session.sessionId, { after: seen });
    await ctx.publishLive(session.live(301, 400));
    await again.receivedUpTo(400);

    expect(first.seqs()).toEqual(range(1, 150));
    expect(again.seqs()).toEqual(range(seen + 1, 400));
  });

  it('show a late joiner the current screen at once, then the live events after it', async () => {
    const session = sessionOf(ctx, 300, 3);
    await ctx.publishLive(session.upTo(200), { stored: 'before' });

    const late = await ctx.follow(session.sessionId);
    await late.receivedUpTo(200);
    await ctx.publishLive(session.live(201, 250));
    await late.receivedUpTo(250);

    const [first] = late.messages;
    expect(first).toMatchObject({ type: 'snapshot', seq: 200 });
    const snapshot = late.messagesOf('snapshot')[0]!;
    expect(await screenOf(snapshot)).toEqual(await referenceScreen(session.all, 200));
    expect(late.seqs()).toEqual(range(201, 250));
  });

  it('fill a gap the bus cannot: events sent before the hub existed, stored only later', async () => {
    const session = sessionOf(ctx, 200, 4);
    await ctx.store(session.upTo(100));
    await ctx.publishLive(session.live(101, 120), { stored: 'never' }); // nobody follows: no hub takes them

    const follower = await ctx.follow(session.sessionId);
    await ctx.publishLive(session.live(121, 140), { stored: 'after' });
    await ctx.store(session.live(101, 120)); // the projector catches up
    await follower.receivedUpTo(140);

    expect(follower.messagesOf('snapshot')[0]).toMatchObject({ seq: 100 });
    expect(follower.seqs()).toEqual(range(101, 140));
  });

  it('start a late joiner at once even while the hub waits for the store to fill a gap', async () => {
    const session = sessionOf(ctx, 200, 6);
    await ctx.store(session.upTo(100));
    const early = await ctx.follow(session.sessionId, { after: 100 });
    await ctx.publishLive(session.live(101, 110), { stored: 'never' }); // the bus lost these, say
    await ctx.publishLive(session.live(111, 120), { stored: 'after' });

    const late = await ctx.follow(session.sessionId);
    await late.receivedUpTo(100);
    await ctx.store(session.live(101, 110));
    await Promise.all([early.receivedUpTo(120), late.receivedUpTo(120)]);

    expect(late.messages[0]).toMatchObject({ type: 'snapshot' });
    expect(late.seqs()).toEqual(range(late.messagesOf('snapshot')[0]!.seq + 1, 120));
    expect(early.seqs()).toEqual(range(101, 120));
  });

  it('go on past a seq the store will never have (an event the projector rejected)', async () => {
    const session = sessionOf(ctx, 80, 7);
    const without51 = session.all.filter((event) => event.seq !== 51);
    await ctx.store(without51.slice(0, 50));
    const follower = await ctx.follow(session.sessionId, { after: 0 });
    await follower.receivedUpTo(50);

    await ctx.publishLive(without51.slice(50, 60)); // 52..61
    await follower.receivedUpTo(61);

    expect(follower.seqs()).toEqual([...range(1, 50), ...range(52, 61)]);
  });

  it('end a follow whose catch-up cannot read the store, saying why, while the others go on', async () => {
    const session = sessionOf(ctx, 80, 8);
    await ctx.store(session.upTo(50));
    const watching = await ctx.follow(session.sessionId); // the hub folds 1..50 while they still read back
    await watching.receivedUpTo(50);
    await ctx.garbleStoredEvent(session.sessionId, 10);

    const late = await ctx.follow(session.sessionId, { after: 0 });
    await expectEventually(() => expect(late.failedWith).toBeDefined());
    await ctx.publishLive(session.live(51, 60));
    await watching.receivedUpTo(60);

    expect(late.failedWith).toMatch(
      new RegExp(`^catching up failed: stored event ${session.sessionId}/10 no longer decodes: `),
    );
    expect(late.handle.follower.state).toBe('closed');
    expect(late.messages).toEqual([]);
    expect(watching.seqs()).toEqual(range(51, 60));
  });

  it('end the follow when the session ends, with its exit code', async () => {
    const session = sessionOf(ctx, 30, 5);
    const follower = await ctx.follow(session.sessionId, { after: 0 });
    await ctx.publishLive(session.all);

    await expectEventually(() => expect(follower.ended).toBe(true));
    expect(follower.seqs()).toEqual(range(1, session.all.length));
    expect(follower.messages[follower.messages.length - 1]).toEqual({ type: 'ended', exitCode: 0 });
  });
}

describe('follow a live session (embedded bus)', () => followBehaviour({ bus: 'embedded' }));
describe('follow a live session (RabbitMQ)', () => followBehaviour({ bus: 'rabbitmq' }));
