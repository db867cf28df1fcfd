import { AnyEvent, createEvent, EventType, PayloadInput } from '@backtrack/events';
import { PlaybackTestContext } from '../testing/playback-test-context';
import { referenceScreen, screenOf } from '../testing/reference-screen';
import { wallDelay } from './pacing';

const start = Date.UTC(2025, 0, 7, 9, 0);
const actor = { user: 'ada', host: 'ada-laptop' };

// A session whose events come at the given ms from its start: output lines, or the event given for that index.
function timedSession(
  sessionId: string,
  offsets: number[],
  special: Record<number, { type: EventType; payload: PayloadInput<EventType> }> = {},
): AnyEvent[] {
  return offsets.map((offset, index) => {
    const { type, payload } = special[index] ?? {
      type: 'terminal.output',
      payload: { data: `line ${index + 1}\r\n` },
    };
    // The cast: an entry of `special` pairs a type with its payload, which one object type cannot say.
    return createEvent({
      sessionId,
      seq: index + 1,
      type,
      payload,
      actor,
      at: start + offset,
    } as never);
  });
}

const every = (stepMs: number, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => from + i * stepMs);

describe('play a recorded session', () => {
  let ctx: PlaybackTestContext;
  beforeAll(async () => {
    ctx = await PlaybackTestContext.create();
  });
  afterAll(() => ctx.close());

  it('take (active time / speed) + idle limit for a session with a 30 s pause, at speed 4 with idle limit 1 s', async () => {
    const sessionId = ctx.newSessionId();
    // 10 s of output every 200 ms, 30 s of nothing, 10 s more: 20 s active.
    const offsets = [...every(200, 51), ...every(200, 51, 40_000)];
    await ctx.store(timedSession(sessionId, offsets));

    const playback = ctx.play(sessionId, { speed: 4, idleLimitMs: 1000 });
    const took = await playback.playToEnd();

    expect(took).toBe(20_000 / 4 + 1000);
    const times = playback.eventTimes();
    expect(times.slice(49, 53)).toEqual([
      { seq: 50, at: 49 * 50 },
      { seq: 51, at: 50 * 50 },
      { seq: 52, at: 50 * 50 + 1000 },
      { seq: 53, at: 51 * 50 + 1000 },
    ]);
    expect(playback.messagesOf('ended')).toEqual([{ type: 'ended', exitCode: null }]);
  });

  it('cap the wall-clock pause, not the recorded one: min(gap / speed, idle limit)', () => {
    expect(wallDelay(30_000, 4, 1000)).toBe(1000);
    expect(wallDelay(2_000, 4, 1000)).toBe(500);
    expect(wallDelay(6_000, 4, 1000)).toBe(1000);
    expect(wallDelay(6_000, 1)).toBe(6000);
    expect(wallDelay(-5, 2)).toBe(0);
  });

  it('start with the screen at the starting moment, then play from there at the recorded pace', async () => {
    const { sessionId, events } = await ctx.recordSession({ events: 120, seed: 21 });
    const from = events[59]!;

    const playback = ctx.play(sessionId, { from: { seq: 60 }, speed: 2 });
    await playback.playToEnd();

    expect(playback.sent[0]!.message).toMatchObject({ type: 'snapshot', seq: 60 });
    const [snapshot] = playback.messagesOf('snapshot');
    expect(await screenOf(snapshot!)).toEqual(await referenceScreen(events, 60));
    const times = playback.eventTimes();
    expect(times.map((time) => time.seq)).toEqual(events.slice(60).map((event) => event.seq));
    const last = events[events.length - 1]!;
    expect(times[times.length - 1]!.at).toBe((last.at - from.at) / 2);
  });

  it('pause: nothing is sent while paused, and the wait left before the next event resumes', async () => {
    const sessionId = ctx.newSessionId();
    await ctx.store(timedSession(sessionId, every(1000, 10)));

    const playback = ctx.play(sessionId);
    await playback.advance(2500);
    playback.player.pause();
    await playback.advance(10_000);
    const sentWhilePaused = playback.eventTimes().length;
    playback.player.resume();
    await playback.playToEnd();

    expect(sentWhilePaused).toBe(3);
    expect(playback.eventTimes().map((time) => time.at)).toEqual([
      0, 1000, 2000, 13_000, 14_000, 15_000, 16_000, 17_000, 18_000, 19_000,
    ]);
    expect(playback.messagesOf('state').map((state) => state.paused)).toEqual([false, true, false]);
  });

  it('change speed mid-wait: what was left of the wait is played at the new speed', async () => {
    const sessionId = ctx.newSessionId();
    await ctx.store(timedSession(sessionId, every(1000, 5)));

    const playback = ctx.play(sessionId);
    await playback.advance(1500);
    playback.player.setSpeed(2);
    await playback.playToEnd();

    expect(playback.eventTimes().map((time) => time.at)).toEqual([0, 1000, 1750, 2250, 2750]);
  });

  it('skip to the next command: the screen just before it, then the command at once', async () => {
    const sessionId = ctx.newSessionId();
    const events = timedSession(sessionId, every(1000, 30), {
      20: {
        type: 'terminal.command.started',
        payload: { commandId: 'c1', commandLine: 'npm test' },
      },
    });
    await ctx.store(events);

    const playback = ctx.play(sessionId);
    await playback.advance(3500);
    playback.player.nextCommand();
    await playback.advance(0);

    const after = playback.sent.filter(({ at }) => at === 3500).map(({ message }) => message);
    expect(after.map((message) => message.type)).toEqual(['snapshot', 'state', 'events']);
    expect(after[0]).toMatchObject({ type: 'snapshot', seq: 20 });
    expect(after[2]).toMatchObject({
      type: 'events',
      events: [{ seq: 21, type: 'terminal.command.started' }],
    });
    await playback.advance(1000);
    expect(playback.eventTimes().slice(-1)).toEqual([{ seq: 22, at: 4500 }]);
  });

  it('seek by time: the screen at that moment, then the next event after what is left of its gap', async () => {
    const sessionId = ctx.newSessionId();
    await ctx.store(timedSession(sessionId, every(1000, 10)));

    const playback = ctx.play(sessionId, { from: { time: 4200 } });
    await playback.advance(800);

    expect(playback.messagesOf('snapshot')).toMatchObject([{ seq: 5 }]);
    expect(playback.eventTimes()).toEqual([{ seq: 6, at: 800 }]);
  });

  it('stay after the end so a client can seek back, and report the exit code', async () => {
    const { sessionId } = await ctx.recordSession({ events: 20, seed: 5, exitCode: 3 });

    const playback = ctx.play(sessionId, { speed: 16 });
    await playback.playToEnd();
    playback.player.seek({ seq: 10 });
    await playback.playToEnd();

    expect(playback.messagesOf('ended')).toEqual([
      { type: 'ended', exitCode: 3 },
      { type: 'ended', exitCode: 3 },
    ]);
    expect(playback.messagesOf('snapshot').map((snapshot) => snapshot.seq)).toEqual([0, 10]);
  });

  it('refuse a speed or idle limit that cannot play', () => {
    expect(() => ctx.play('s', { speed: 0 })).toThrow('speed must be a number in (0, 64], got 0');
    expect(() => ctx.play('s', { idleLimitMs: -1 })).toThrow(
      'idle limit must be a positive number of ms, got -1',
    );
  });
});
