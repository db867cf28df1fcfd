import { AnyEvent, createEvent, uuidv7 } from '@backtrack/events';
import {
  KeyframeWriter,
  saveKeyframe,
  SeekTarget,
  ServerMessage,
  SessionPlayer,
  SessionScreen,
  VirtualClock,
  VirtualTerminal,
} from '@backtrack/playback';
import { AnyJson, GatewayTestContext, Member } from './gateway-test-context';

const start = Date.UTC(2026, 10, 17, 9, 0);

// seq 1 starts a 100x30 terminal; then one green line a second ("line 2" at 1 s...); at seq 30 it grows to 120x40.
function recording(sessionId: string, user: string, count = 40): AnyEvent[] {
  const actor = { user, host: 'h' };
  const at = (seq: number) => start + (seq - 1) * 1000;
  return Array.from({ length: count }, (_, i) => {
    const seq = i + 1;
    if (seq === 1)
      return createEvent({
        sessionId,
        seq,
        type: 'session.started',
        payload: { source: 'terminal', cols: 100, rows: 30, agent: { name: 'test', version: '1' } },
        actor,
        at: at(seq),
      });
    if (seq === 30)
      return createEvent({
        sessionId,
        seq,
        type: 'terminal.resize',
        payload: { cols: 120, rows: 40 },
        actor,
        at: at(seq),
      });
    return createEvent({
      sessionId,
      seq,
      type: 'terminal.output',
      payload: { data: `\x1b[32mline ${seq}\x1b[0m\r\n` },
      actor,
      at: at(seq),
    });
  });
}

interface Drawn {
  lines: string[];
  // The lines with their colours marked.
  look: string[];
}

// What a viewer sees of a screen drawn on a fresh terminal.
async function drawn(screen: { cols: number; rows: number; screen: string }): Promise<Drawn> {
  const terminal = await VirtualTerminal.restore(screen.screen, screen);
  try {
    return { lines: terminal.screenText(), look: terminal.screenLook() };
  } finally {
    terminal.dispose();
  }
}

// The reference: every event from the first folded into a blank terminal, no keyframe in between.
async function foldedUpTo(events: AnyEvent[], seq: number): Promise<Drawn> {
  const screen = SessionScreen.blank(events[0]!.sessionId);
  try {
    await screen.apply(events.filter((event) => event.seq <= seq));
    return drawn(screen.snapshot());
  } finally {
    screen.dispose();
  }
}

describe('session screens and keyframes', () => {
  let ctx: GatewayTestContext;
  let ada: Member;
  let bob: Member;
  let eve: Member;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    bob = await ctx.userIn(ada.team, 'bob');
    eve = await ctx.teamWithUser('e', 'eve');
  });
  afterAll(() => ctx.close());

  async function recorded(count = 40): Promise<{ sessionId: string; events: AnyEvent[] }> {
    const sessionId = uuidv7();
    const events = recording(sessionId, ada.user, count);
    await ctx.storeEvents({ sessionId, events });
    return { sessionId, events };
  }

  // The snapshot a replay (play from that moment) starts with.
  async function replaySnapshot(sessionId: string, from: SeekTarget): Promise<ServerMessage> {
    const sent: ServerMessage[] = [];
    const player = new SessionPlayer(ctx.db, sessionId, (message) => void sent.push(message), {
      from,
      clock: new VirtualClock(), // never moves: the player stops at its first wait
    });
    const running = player.start();
    await player.settled();
    await player.stop();
    await running;
    return sent.find((message) => message.type === 'snapshot')!;
  }

  const screen = (sessionId: string, query = '', member = bob) =>
    ctx.get(`/api/v1/sessions/${sessionId}/screen${query}`, member.token);
  const keyframes = (sessionId: string, query = '', member = bob) =>
    ctx.get(`/api/v1/sessions/${sessionId}/keyframes${query}`, member.token);

  describe('GET /api/v1/sessions/:id/screen', () => {
    it("gives the screen right after an event, the same as the replay's snapshot of that seq", async () => {
      const { sessionId, events } = await recorded();

      for (const seq of [17, 1, 35, 29]) {
        const reply = await screen(sessionId, `?seq=${seq}`);
        expect(reply.status).toBe(200);
        const snapshot = await replaySnapshot(sessionId, { seq });
        expect(reply.body).toEqual({
          seq,
          at: start + (seq - 1) * 1000,
          cols: seq >= 30 ? 120 : 100,
          rows: seq >= 30 ? 40 : 30,
          screen: expect.any(String),
        });
        expect(snapshot).toEqual({ type: 'snapshot', ...reply.body, at: undefined });
        expect(await drawn(reply.body)).toEqual(await foldedUpTo(events, seq));
      }
      const { lines } = await drawn((await screen(sessionId, '?seq=17')).body);
      expect(lines.slice(0, 17)).toEqual([
        ...Array.from({ length: 16 }, (_, i) => `line ${i + 2}`),
        '',
      ]);
    });

    it("counts ?at= in seconds from the first event, as the replay's from does", async () => {
      const { sessionId, events } = await recorded();

      const reply = await screen(sessionId, '?at=10.5');

      // 10.5 s after the first event, the last event is seq 11 (at 10 s).
      expect(reply.body).toEqual(expect.objectContaining({ seq: 11, at: start + 10_000 }));
      const snapshot = await replaySnapshot(sessionId, { time: 10_500 });
      expect(snapshot).toEqual({ type: 'snapshot', ...reply.body, at: undefined });
      expect(await drawn(reply.body)).toEqual(await foldedUpTo(events, 11));
      expect((await screen(sessionId, '?at=0')).body.seq).toBe(1);
    });

    it('without a moment, or past the end, gives the screen after the last stored event', async () => {
      const { sessionId, events } = await recorded(33);

      const last = await screen(sessionId);
      const past = await screen(sessionId, '?seq=5000');

      expect(last.body).toEqual(
        expect.objectContaining({ seq: 33, at: start + 32_000, cols: 120, rows: 40 }),
      );
      expect(past.body).toEqual(last.body);
      expect((await screen(sessionId, '?at=86400')).body).toEqual(last.body);
      expect(await drawn(last.body)).toEqual(await foldedUpTo(events, 33));
    });

    it('gives the blank screen before any event at seq 0, with no time', async () => {
      const { sessionId } = await recorded();

      const reply = await screen(sessionId, '?seq=0');

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ seq: 0, cols: 80, rows: 24, screen: expect.any(String) });
      expect((await drawn(reply.body)).lines.join('')).toBe('');
    });

    it('names a malformed moment', async () => {
      const { sessionId } = await recorded(3);
      const problems: Array<[string, RegExp]> = [
        [
          '?seq=-1',
          /query parameter "seq" must be a whole number from 0 to 2147483647 \(got "-1"\)/,
        ],
        ['?seq=1.5', /query parameter "seq" must be a whole number/],
        [
          '?at=ten',
          /query parameter "at" must be seconds from the session's first event.*\(got "ten"\)/,
        ],
        ['?at=-3', /query parameter "at" must be seconds .*\(got "-3"\)/],
        ['?seq=2&at=1', /query parameters "seq" and "at" both name the moment; give one of them/],
        ['?at=1&at=2', /query parameter "at" must be given once/],
        ['?from=3', /unknown query parameter "from"; expected seq, at/],
      ];

      for (const [query, message] of problems) {
        const reply = await screen(sessionId, query);
        expect({ query, status: reply.status }).toEqual({ query, status: 400 });
        expect(reply.body.message).toMatch(message);
      }
    });

    it("answers for another team's session exactly as for one that does not exist", async () => {
      const { sessionId } = await recorded(3);
      const missing = uuidv7();

      const foreign = await screen(sessionId, '?seq=2', eve);
      const unknown = await screen(missing, '?seq=2', eve);

      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(foreign.body.message.replace(sessionId, 'ID')).toBe(
        unknown.body.message.replace(missing, 'ID'),
      );
      expect(foreign.body.message).toBe(`no session "${sessionId}" in team ${eve.team}`);
      expect(foreign.body.screen).toBeUndefined();
    });
  });

  describe('GET /api/v1/sessions/:id/keyframes', () => {
    // Keyframes after every 10th event, stored by the writer replay uses.
    async function withKeyframesEvery10(): Promise<{ sessionId: string; events: AnyEvent[] }> {
      const session = await recorded(60);
      const writer = new KeyframeWriter(
        SessionScreen.blank(session.sessionId),
        (keyframe) => saveKeyframe(ctx.db, keyframe),
        { everyMs: 1e9, everyBytes: 1e9, everyEvents: 10 },
      );
      await writer.fold(session.events);
      writer.screen.dispose();
      return session;
    }

    it('pages the stored keyframes in seq order, each the screen right after its seq', async () => {
      const { sessionId, events } = await withKeyframesEvery10();

      const first = await keyframes(sessionId, '?limit=4');
      const rest = await keyframes(sessionId, `?after=${first.body.nextAfter}&limit=4`);

      expect(first.status).toBe(200);
      expect(first.body.items.map((k: { seq: number }) => k.seq)).toEqual([10, 20, 30, 40]);
      expect(first.body.nextAfter).toBe(40);
      expect(rest.body.items.map((k: { seq: number }) => k.seq)).toEqual([50, 60]);
      expect(rest.body.nextAfter).toBeNull();
      const all: AnyJson[] = [...first.body.items, ...rest.body.items];
      for (const keyframe of all) {
        expect(keyframe).toEqual({
          seq: keyframe.seq,
          at: start + (keyframe.seq - 1) * 1000,
          cols: keyframe.seq >= 30 ? 120 : 100,
          rows: keyframe.seq >= 30 ? 40 : 30,
          screen: expect.any(String),
        });
        expect(await drawn(keyframe)).toEqual(await foldedUpTo(events, keyframe.seq));
      }
      expect((await keyframes(sessionId, '?after=55')).body).toEqual({
        items: [all[5]],
        nextAfter: null,
      });
    });

    it('lists the keyframes a screen request stored on its way, as a replay seek does', async () => {
      const { sessionId } = await recorded(40);
      expect((await keyframes(sessionId)).body).toEqual({ items: [], nextAfter: null });

      await screen(sessionId, '?seq=40');

      const stored = (await keyframes(sessionId)).body.items as Array<{ seq: number }>;
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.every((keyframe) => keyframe.seq <= 40)).toBe(true);
    });

    it('says when the range is malformed', async () => {
      const { sessionId } = await recorded(3);

      const badAfter = await keyframes(sessionId, '?after=x');
      const badLimit = await keyframes(sessionId, '?limit=1001');

      expect([badAfter.status, badLimit.status]).toEqual([400, 400]);
      expect(badAfter.body.message).toMatch(
        /query parameter "after" must be a whole number from 0/,
      );
      expect(badLimit.body.message).toMatch(
        /query parameter "limit" must be a whole number from 1 to 1000/,
      );
    });

    it("answers for another team's session exactly as for one that does not exist", async () => {
      const { sessionId } = await withKeyframesEvery10();
      const missing = uuidv7();

      const foreign = await keyframes(sessionId, '', eve);
      const unknown = await keyframes(missing, '', eve);

      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(foreign.body.message).toBe(`no session "${sessionId}" in team ${eve.team}`);
      expect(unknown.body.message).toBe(`no session "${missing}" in team ${eve.team}`);
      expect(foreign.body.items).toBeUndefined();
    });
  });
});
