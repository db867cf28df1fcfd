import { AnyEvent, createEvent } from '@backtrack/events';
import { SessionScreen } from '../session-screen/session-screen';
import { PlaybackTestContext } from '../testing/playback-test-context';
import { referenceScreens, screenOf } from '../testing/reference-screen';
import { countKeyframes, Keyframe, nearestKeyframe, saveKeyframe } from './keyframe-repository';
import { KeyframePolicy, validatePolicy } from './keyframe-policy';
import { KeyframeWriter } from './keyframe-writer';

const start = Date.UTC(2025, 0, 7, 9, 0);

// One line of `bytes` characters every second: keyframe positions follow from the policy by arithmetic.
function steadyOutput(sessionId: string, count: number, bytes = 100): AnyEvent[] {
  return Array.from({ length: count }, (_, i) =>
    createEvent({
      sessionId,
      seq: i + 1,
      type: 'terminal.output',
      payload: { data: `${String(i + 1).padEnd(bytes - 2, '.')}\r\n` },
      actor: { user: 'ada', host: 'ada-laptop' },
      at: start + i * 1000,
    }),
  );
}

describe('keyframes', () => {
  let ctx: PlaybackTestContext;
  beforeAll(async () => {
    ctx = await PlaybackTestContext.create();
  });
  afterAll(() => ctx.close());

  async function writeKeyframes(sessionId: string, events: AnyEvent[], policy: KeyframePolicy) {
    const stored: Keyframe[] = [];
    const writer = new KeyframeWriter(
      SessionScreen.blank(sessionId),
      async (keyframe) => {
        stored.push(keyframe);
        await saveKeyframe(ctx.db, keyframe);
      },
      policy,
    );
    for (let i = 0; i < events.length; i += 7) await writer.fold(events.slice(i, i + 7));
    writer.screen.dispose();
    return stored;
  }

  it('store one every N seconds of session time, whatever the batches the events come in', async () => {
    const sessionId = ctx.newSessionId();
    const events = steadyOutput(sessionId, 40);

    const stored = await writeKeyframes(sessionId, events, {
      everyMs: 5_000,
      everyBytes: 1 << 30,
      everyEvents: 1 << 30,
    });

    // The first event is time 0, so seconds 5, 10, ... are seqs 6, 11, ...
    expect(stored.map((keyframe) => keyframe.seq)).toEqual([6, 11, 16, 21, 26, 31, 36]);
    expect(await countKeyframes(ctx.db, sessionId)).toBe(7);
  });

  it('store one every M bytes of output, or every K events, whichever comes first', async () => {
    const sessionId = ctx.newSessionId();
    const events = steadyOutput(sessionId, 30, 100);

    const byBytes = await writeKeyframes(sessionId, events, {
      everyMs: 1e9,
      everyBytes: 1000,
      everyEvents: 1e9,
    });
    const other = ctx.newSessionId();
    const byEvents = await writeKeyframes(other, steadyOutput(other, 30), {
      everyMs: 1e9,
      everyBytes: 1e9,
      everyEvents: 4,
    });

    expect(byBytes.map((keyframe) => keyframe.seq)).toEqual([10, 20, 30]);
    expect(byEvents.map((keyframe) => keyframe.seq)).toEqual([4, 8, 12, 16, 20, 24, 28]);
  });

  it('be idempotent on (session, seq): a second writer over the same events adds nothing and fails nothing', async () => {
    const sessionId = ctx.newSessionId();
    const events = steadyOutput(sessionId, 25);
    const policy = { everyMs: 3_000, everyBytes: 1e9, everyEvents: 1e9 };

    const first = await writeKeyframes(sessionId, events, policy);
    const second = await writeKeyframes(sessionId, events, policy);

    expect(second).toEqual(first);
    expect(await countKeyframes(ctx.db, sessionId)).toBe(first.length);
  });

  it('find the nearest keyframe at or before a seq or a time, and none before the first', async () => {
    const sessionId = ctx.newSessionId();
    await writeKeyframes(sessionId, steadyOutput(sessionId, 30), {
      everyMs: 10_000,
      everyBytes: 1e9,
      everyEvents: 1e9,
    });

    expect((await nearestKeyframe(ctx.db, sessionId, { atOrBeforeSeq: 25 }))?.seq).toBe(21);
    expect((await nearestKeyframe(ctx.db, sessionId, { atOrBeforeSeq: 21 }))?.seq).toBe(21);
    expect(
      (await nearestKeyframe(ctx.db, sessionId, { atOrBeforeTime: start + 20_500 }))?.seq,
    ).toBe(21);
    expect(await nearestKeyframe(ctx.db, sessionId, { atOrBeforeSeq: 10 })).toBeUndefined();
  });

  it('hold a screen that redraws exactly what a terminal fed every event up to its seq shows', async () => {
    const { sessionId, events } = await ctx.recordSession({ events: 300, seed: 3 });
    const stored = await writeKeyframes(sessionId, events, {
      everyMs: 2_000,
      everyBytes: 2_000,
      everyEvents: 40,
    });

    expect(stored.length).toBeGreaterThan(5);
    const references = await referenceScreens(
      events,
      stored.map((keyframe) => keyframe.seq),
    );
    for (const keyframe of stored) {
      const loaded = await nearestKeyframe(ctx.db, sessionId, { atOrBeforeSeq: keyframe.seq });
      expect(await screenOf(loaded!)).toEqual(references.get(keyframe.seq));
    }
  });

  it('refuse a policy that would store a keyframe after every event or never', () => {
    expect(() => validatePolicy({ everyMs: 0, everyBytes: 10, everyEvents: 10 })).toThrow(
      'keyframe policy everyMs must be a positive number, got 0',
    );
  });
});
