import { AnyEvent } from '@backtrack/events';
import { expectEventually } from '@backtrack/testing';
import { SessionScreen } from '../session-screen/session-screen';
import { generateSession } from '../testing/generate-session';
import { PlaybackTestContext, TestFollower } from '../testing/playback-test-context';
import { referenceScreen, screenOf } from '../testing/reference-screen';

const MAX_FOLLOWER_BYTES = 64 * 1024;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function batches(events: AnyEvent[], size: number): AnyEvent[][] {
  return Array.from({ length: Math.ceil(events.length / size) }, (_, i) =>
    events.slice(i * size, (i + 1) * size),
  );
}

// What a follower shows after applying what it got: the last snapshot, then the events after it.
async function screenSeenBy(follower: TestFollower, sessionId: string) {
  const snapshot = follower.messagesOf('snapshot').at(-1)!;
  const screen = await SessionScreen.fromSnapshot({ sessionId, at: undefined, ...snapshot });
  const after = follower.messages.slice(follower.messages.lastIndexOf(snapshot));
  for (const message of after) if (message.type === 'events') await screen.apply(message.events);
  try {
    return await screenOf(screen.snapshot());
  } finally {
    screen.dispose();
  }
}

describe('fan-out: one hub per live session, many followers', () => {
  let ctx: PlaybackTestContext;
  beforeAll(async () => {
    ctx = await PlaybackTestContext.create({
      hubs: { maxFollowerBytes: MAX_FOLLOWER_BYTES, dropAfterMs: 300 },
    });
  });
  afterAll(() => ctx.close());

  it('give 50 followers identical streams', async () => {
    const events = generateSession({ sessionId: ctx.newSessionId(), events: 600, seed: 31 });
    const sessionId = events[0]!.sessionId;
    await ctx.store(events.slice(0, 100));
    const followers = await Promise.all(range(1, 50).map(() => ctx.follow(sessionId)));
    await Promise.all(followers.map((follower) => follower.receivedUpTo(100)));

    for (const batch of batches(events.slice(100), 25)) await ctx.publishLive(batch);
    await Promise.all(followers.map((follower) => follower.receivedUpTo(events.length)));

    const reference = JSON.stringify(followers[0]!.messages);
    expect(followers.filter((follower) => JSON.stringify(follower.messages) !== reference)).toEqual(
      [],
    );
    expect(followers[0]!.seqs()).toEqual(range(101, events.length));
    expect((await ctx.hubs()).hub(sessionId)!.followers.size).toBe(50);
  });

  it('hand followers whose transport takes bytes one shared encoding of each live batch', async () => {
    const events = generateSession({ sessionId: ctx.newSessionId(), events: 40, seed: 35 });
    const sessionId = events[0]!.sessionId;
    await ctx.store(events.slice(0, 20));
    const hubs = await ctx.hubs();
    const received = range(1, 3).map(() => [] as Buffer[]);
    const handles = await Promise.all(
      received.map((got) =>
        hubs.follow(
          sessionId,
          {
            send: () => Promise.reject(new Error('text was sent to a transport that takes bytes')),
            sendUtf8: async (utf8) => void got.push(utf8),
          },
          { after: 20 },
        ),
      ),
    );

    await ctx.publishLive(events.slice(20));
    await expectEventually(() => expect(received.map((got) => got.length)).toEqual([1, 1, 1]));

    const [first, second, third] = received.map((got) => got[0]!);
    expect(second).toBe(first);
    expect(third).toBe(first);
    const message = JSON.parse(first!.toString('utf8')) as { type: string; events: AnyEvent[] };
    expect(message.type).toBe('events');
    expect(message.events.map((event) => event.seq)).toEqual(range(21, events.length));
    for (const handle of handles) handle.close();
  });

  it('serialize the screen once for the followers that join at the same seq', async () => {
    const events = generateSession({ sessionId: ctx.newSessionId(), events: 30, seed: 36 });
    const sessionId = events[0]!.sessionId;
    await ctx.store(events);
    const hubs = await ctx.hubs();
    const received = range(1, 3).map(() => [] as Buffer[]);
    const handles = [];
    for (const got of received)
      handles.push(
        await hubs.follow(sessionId, {
          send: () => Promise.reject(new Error('text was sent to a transport that takes bytes')),
          sendUtf8: async (utf8) => void got.push(utf8),
        }),
      );

    await expectEventually(() => expect(received.map((got) => got.length)).toEqual([1, 1, 1]));
    const [first, second, third] = received.map((got) => got[0]!);
    expect(JSON.parse(first!.toString('utf8'))).toMatchObject({
      type: 'snapshot',
      seq: events.length,
    });
    expect(second).toBe(first);
    expect(third).toBe(first);
    for (const handle of handles) handle.close();
  });

  it('fan out live batches that waited while the hub was busy as one message', async () => {
    const events = generateSession({ sessionId: ctx.newSessionId(), events: 60, seed: 37 });
    const sessionId = events[0]!.sessionId;
    await ctx.store(events.slice(0, 20));
    const follower = await ctx.follow(sessionId, { after: 20 });
    await expectEventually(() => expect(follower.handle.follower.state).toBe('live'));
    const hub = (await ctx.hubs()).hub(sessionId)!;

    // The first batch keeps the hub busy folding while the next two arrive.
    hub.receive(events.slice(20, 30));
    hub.receive(events.slice(30, 45));
    hub.receive(events.slice(45));
    await follower.receivedUpTo(events.length);

    expect(follower.messagesOf('events').map((m) => m.events.map((event) => event.seq))).toEqual([
      range(21, 30),
      range(31, events.length),
    ]);
  });

  it('skip a follower that stopped reading ahead to a snapshot, tell it, and leave the others alone', async () => {
    const events = generateSession({ sessionId: ctx.newSessionId(), events: 3000, seed: 32 });
    const sessionId = events[0]!.sessionId;
    await ctx.store(events.slice(0, 50));
    const others = await Promise.all(range(1, 4).map(() => ctx.follow(sessionId, { after: 0 })));
    const stalled = await ctx.follow(sessionId, { after: 0 });
    await Promise.all([...others, stalled].map((follower) => follower.receivedUpTo(50)));
    const hub = (await ctx.hubs()).hub(sessionId)!;

    stalled.stopReading();
    let mostHeld = 0;
    let mostHeldByOne = 0;
    for (const batch of batches(events.slice(50), 10)) {
      await ctx.publishLive(batch);
      mostHeld = Math.max(mostHeld, hub.bufferedBytes());
      mostHeldByOne = Math.max(mostHeldByOne, stalled.handle.follower.bufferedBytes());
    }
    await Promise.all(others.map((follower) => follower.receivedUpTo(events.length)));
    stalled.startReading();
    await stalled.receivedUpTo(events.length);

    for (const other of others) expect(other.seqs()).toEqual(range(1, events.length));
    expect(others.every((other) => other.messagesOf('skipped').length === 0)).toBe(true);
    const [skipped] = stalled.messagesOf('skipped');
    expect(skipped).toBeDefined();
    const beforeSkip = stalled.messages.slice(0, stalled.messages.indexOf(skipped!));
    const lastBefore = Math.max(
      ...beforeSkip.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.seq) : [])),
    );
    expect(skipped!.fromSeq).toBe(lastBefore + 1);
    expect(stalled.messages[stalled.messages.indexOf(skipped!) + 1]).toMatchObject({
      type: 'snapshot',
      seq: skipped!.toSeq,
    });
    expect(await screenSeenBy(stalled, sessionId)).toEqual(
      await referenceScreen(events, events.length),
    );
    // The stalled follower holds at most its bound plus one snapshot; the hub at most that plus what others hold.
    expect(mostHeldByOne).toBeLessThanOrEqual(2 * MAX_FOLLOWER_BYTES);
    expect(mostHeld).toBeLessThanOrEqual(6 * MAX_FOLLOWER_BYTES);
  });

  it('drop a hub once nobody follows and its session ended, or nobody followed for a while', async () => {
    const ended = generateSession({
      sessionId: ctx.newSessionId(),
      events: 20,
      seed: 33,
      exitCode: 0,
    });
    const idle = generateSession({ sessionId: ctx.newSessionId(), events: 20, seed: 34 });
    await ctx.store([...ended, ...idle]);
    const hubs = await ctx.hubs();
    const a = await ctx.follow(ended[0]!.sessionId, { after: 0 });
    const b = await ctx.follow(idle[0]!.sessionId, { after: 0 });
    await Promise.all([a.receivedUpTo(ended.length), b.receivedUpTo(idle.length)]);

    a.close();
    b.close();
    await expectEventually(() => expect(hubs.hub(ended[0]!.sessionId)).toBeUndefined(), {
      timeoutMs: 250,
    });
    expect(hubs.hub(idle[0]!.sessionId)).toBeDefined();
    await expectEventually(() => expect(hubs.hub(idle[0]!.sessionId)).toBeUndefined());
  });
});

describe('fan-out while the screen is slow to keep', () => {
  let ctx: PlaybackTestContext;
  beforeAll(async () => {
    ctx = await PlaybackTestContext.create({
      hubs: { policy: { everyMs: 3_600_000, everyBytes: 1 << 30, everyEvents: 10 } },
    });
  });
  afterAll(() => ctx.close());

  it('send followers live events while a keyframe write waits on the store, and later joiners the full screen', async () => {
    const events = generateSession({ sessionId: ctx.newSessionId(), events: 60, seed: 38 });
    const sessionId = events[0]!.sessionId;
    await ctx.store(events.slice(0, 20));
    const follower = await ctx.follow(sessionId, { after: 20 });
    await expectEventually(() => expect(follower.handle.follower.state).toBe('live'));

    const lock = ctx.db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query('LOCK TABLE keyframes IN EXCLUSIVE MODE'); // reads go on, writes wait
      await ctx.publishLive(events.slice(20), { stored: 'before' });
      await follower.receivedUpTo(events.length);
      await expectEventually(async () => {
        const [{ waiting }] = await ctx.db.query(
          `SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted AND relation = 'keyframes'::regclass`,
        );
        expect(waiting).toBeGreaterThan(0);
      });
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }

    const joiner = await ctx.follow(sessionId);
    await joiner.receivedUpTo(events.length);
    expect(joiner.messagesOf('snapshot')[0]).toMatchObject({ seq: events.length });
    expect(await screenSeenBy(joiner, sessionId)).toEqual(
      await referenceScreen(events, events.length),
    );
    expect(follower.seqs()).toEqual(range(21, events.length));
  });
});
