import { createEvent, uuidv7 } from '@backtrack/events';
import { GatewayTestContext, Member } from './gateway-test-context';

describe('sessions', () => {
  let ctx: GatewayTestContext;
  let ada: Member;
  let bob: Member;
  let eve: Member;
  let adaMonday: string;
  let bobTuesday: string;
  let adaRunning: string;
  let eveSession: string;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    bob = await ctx.userIn(ada.team, 'bob');
    eve = await ctx.teamWithUser('e', 'eve');
    adaMonday = (
      await ctx.seedSession({
        user: ada.user,
        repo: 'acme/api',
        branch: 'main',
        startedAt: '2026-11-16T09:00:00Z',
        endedAt: '2026-11-16T17:00:00Z',
      })
    ).sessionId;
    bobTuesday = (
      await ctx.seedSession({
        user: bob.user,
        repo: 'acme/web',
        branch: 'feature/x',
        startedAt: '2026-11-17T09:00:00Z',
        endedAt: '2026-11-17T10:00:00Z',
        commands: [{ line: 'ls', branch: 'main' }],
      })
    ).sessionId;
    adaRunning = (
      await ctx.seedSession({
        user: ada.user,
        repo: 'acme/api',
        branch: 'feature/x',
        startedAt: '2026-11-17T23:00:00Z',
        endedAt: null,
      })
    ).sessionId;
    eveSession = (await ctx.seedSession({ user: eve.user, startedAt: '2026-11-17T09:00:00Z' }))
      .sessionId;
  });
  afterAll(() => ctx.close());

  const ids = async (query: string, member = ada) => {
    const reply = await ctx.get(`/api/v1/sessions${query}`, member.token);
    expect(reply.status).toBe(200);
    return (reply.body.items as Array<{ sessionId: string }>).map((s) => s.sessionId);
  };

  describe('GET /api/v1/sessions', () => {
    it("lists the team's sessions, newest first", async () => {
      expect(await ids('')).toEqual([adaRunning, bobTuesday, adaMonday]);
      expect(await ids('', eve)).toEqual([eveSession]);
    });

    it('filters by user, repo and any branch the session was on', async () => {
      expect(await ids(`?user=${bob.user}`)).toEqual([bobTuesday]);
      expect(await ids('?repo=acme/api')).toEqual([adaRunning, adaMonday]);
      expect(await ids('?branch=main')).toEqual([bobTuesday, adaMonday]);
      expect(await ids(`?user=${eve.user}`)).toEqual([]);
    });

    it('keeps sessions that overlap the range; one without an end lasts until its last event', async () => {
      expect(await ids('?since=2026-11-17T00:00:00Z&until=2026-11-18T00:00:00Z')).toEqual([
        adaRunning,
        bobTuesday,
      ]);
      expect(await ids('?since=2026-11-16T16:00:00Z&until=2026-11-16T18:00:00Z')).toEqual([
        adaMonday,
      ]);
      expect(await ids('?since=2026-11-17T23:00:00Z')).toEqual([adaRunning]);
      expect(await ids('?since=2026-11-19T00:00:00Z')).toEqual([]);
    });

    it('pages newest first with a cursor', async () => {
      const first = await ctx.get('/api/v1/sessions?limit=2', ada.token);
      expect(first.body.items.map((s: { sessionId: string }) => s.sessionId)).toEqual([
        adaRunning,
        bobTuesday,
      ]);
      const second = await ctx.get(
        `/api/v1/sessions?limit=2&cursor=${first.body.nextCursor}`,
        ada.token,
      );
      expect(second.body).toEqual({
        items: [expect.objectContaining({ sessionId: adaMonday })],
        nextCursor: null,
      });
    });
  });

  describe('GET /api/v1/sessions/:id', () => {
    it('returns a session of the team', async () => {
      const reply = await ctx.get(`/api/v1/sessions/${bobTuesday}`, ada.token);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(
        expect.objectContaining({
          sessionId: bobTuesday,
          user: bob.user,
          repo: 'acme/web',
          branches: ['feature/x', 'main'],
          startedAt: '2026-11-17T09:00:00.000Z',
          endedAt: '2026-11-17T10:00:00.000Z',
          commandCount: 1,
        }),
      );
    });

    it("answers for another team's session exactly as for one that does not exist", async () => {
      const foreign = await ctx.get(`/api/v1/sessions/${eveSession}`, ada.token);
      const missing = await ctx.get(
        `/api/v1/sessions/${eveSession.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`,
        ada.token,
      );
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(foreign.body.message.replace(eveSession, 'ID')).toBe(
        missing.body.message.replace(/"[^"]+"/, '"ID"'),
      );
    });
  });

  describe('GET /api/v1/sessions/:id/events', () => {
    const sessionId = uuidv7();

    beforeAll(async () => {
      const events = Array.from({ length: 5 }, (_, i) =>
        createEvent({
          sessionId,
          seq: i + 1,
          type: 'terminal.output',
          payload: { data: `line ${i + 1}\n` },
          actor: { user: ada.user, host: 'h' },
        }),
      );
      await ctx.storeEvents({ sessionId, events });
    });

    it('reads events by range, in seq order', async () => {
      const first = await ctx.get(`/api/v1/sessions/${sessionId}/events?limit=2`, bob.token);
      expect(first.status).toBe(200);
      expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
      expect(first.body.items[0]).toEqual(
        expect.objectContaining({
          type: 'terminal.output',
          payload: { data: 'line 1\n' },
          actor: { user: ada.user, host: 'h' },
        }),
      );
      expect(first.body.nextAfter).toBe(2);
      const rest = await ctx.get(`/api/v1/sessions/${sessionId}/events?after=2`, bob.token);
      expect(rest.body).toEqual({
        items: [
          expect.objectContaining({ seq: 3 }),
          expect.objectContaining({ seq: 4 }),
          expect.objectContaining({ seq: 5 }),
        ],
        nextAfter: null,
      });
    });

    it("hides another team's events", async () => {
      const reply = await ctx.get(`/api/v1/sessions/${sessionId}/events`, eve.token);
      expect(reply.status).toBe(404);
      expect(reply.body.items).toBeUndefined();
    });

    it('says when the range is malformed', async () => {
      const reply = await ctx.get(`/api/v1/sessions/${sessionId}/events?after=-1`, ada.token);
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(/query parameter "after" must be a whole number from 0/);
    });
  });
});
