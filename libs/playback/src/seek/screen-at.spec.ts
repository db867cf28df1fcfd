import { countKeyframes } from '../keyframes/keyframe-repository';
import { PlaybackTestContext } from '../testing/playback-test-context';
import { referenceScreen, referenceScreens, screenOf } from '../testing/reference-screen';
import { screenAt } from './screen-at';

const policy = { everyMs: 3_000, everyBytes: 4_096, everyEvents: 50 };

describe('seek: the screen at a moment', () => {
  let ctx: PlaybackTestContext;
  beforeAll(async () => {
    ctx = await PlaybackTestContext.create();
  });
  afterAll(() => ctx.close());

  it('equal a fresh terminal fed events 1..seq, for 20 random seqs of a session with keyframes', async () => {
    const { sessionId, events } = await ctx.recordSession({ events: 1500, seed: 11 });
    await screenAt(ctx.db, sessionId, { seq: events.length }, { policy }); // writes the keyframes on the way
    expect(await countKeyframes(ctx.db, sessionId)).toBeGreaterThan(20);

    const seqs = Array.from({ length: 20 }, () => 1 + Math.floor(Math.random() * events.length));
    const references = await referenceScreens(events, seqs);
    for (const seq of seqs) {
      const snapshot = await screenAt(ctx.db, sessionId, { seq }, { policy });

      expect({ seq, at: snapshot.at }).toEqual({ seq, at: events[seq - 1]!.at });
      expect(await screenOf(snapshot)).toEqual(references.get(seq));
    }
  });

  it('fill in the keyframes of a session recorded before any existed, on its first seek', async () => {
    const { sessionId, events } = await ctx.recordSession({ events: 600, seed: 12 });
    expect(await countKeyframes(ctx.db, sessionId)).toBe(0);

    await screenAt(ctx.db, sessionId, { seq: 300 }, { policy });
    const afterFirst = await countKeyframes(ctx.db, sessionId);
    await screenAt(ctx.db, sessionId, { seq: 300 }, { policy });
    const readOnly = await screenAt(
      ctx.db,
      sessionId,
      { seq: 600 },
      { policy, keyframes: 'read-only' },
    );

    expect(afterFirst).toBeGreaterThan(3);
    expect(await countKeyframes(ctx.db, sessionId)).toBe(afterFirst);
    expect(await screenOf(readOnly)).toEqual(await referenceScreen(events, 600));
  });

  it('seek by time: the screen after the last event at or before that many ms from the start', async () => {
    const { sessionId, events } = await ctx.recordSession({ events: 300, seed: 13 });
    const start = events[0]!.at;
    const target = events[150]!; // seq 151
    const nextDifferent = events.find((event) => event.at > target.at)!;

    const exact = await screenAt(ctx.db, sessionId, { time: target.at - start }, { policy });
    const between = await screenAt(
      ctx.db,
      sessionId,
      { time: nextDifferent.at - start - 1 },
      { policy },
    );

    expect(exact.seq).toBe(nextDifferent.seq - 1);
    expect(between.seq).toBe(nextDifferent.seq - 1);
    expect(await screenOf(exact)).toEqual(await referenceScreen(events, exact.seq));
  });

  it('give a blank screen before the first event and the last screen past the end', async () => {
    const { sessionId, events } = await ctx.recordSession({ events: 50, seed: 14 });

    const before = await screenAt(ctx.db, sessionId, { seq: 0 });
    const past = await screenAt(ctx.db, sessionId, { seq: 10_000 });

    expect(before).toMatchObject({ seq: 0, at: undefined, cols: 80, rows: 24 });
    expect((await screenOf(before)).lines.every((line) => line === '')).toBe(true);
    expect(past.seq).toBe(events.length);
  });

  it('name a bad target', async () => {
    await expect(screenAt(ctx.db, 'any', { seq: -1 })).rejects.toThrow(
      'seek target {"seq":-1}: expected {seq} or {time} >= 0',
    );
  });
});
