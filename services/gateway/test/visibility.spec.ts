import { createEvent, encodeBatch } from '@backtrack/events';
import { saveKeyframe } from '@backtrack/playback';
import { AnyJson, GatewayTestContext, Member } from './gateway-test-context';

// Every endpoint, three callers: nobody (401), another team (nothing of ours), the owner's team (the data).
describe('who sees what', () => {
  let ctx: GatewayTestContext;
  let ada: Member;
  let eve: Member;
  let sessionId: string;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    eve = await ctx.teamWithUser('e', 'eve');
    ({ sessionId } = await ctx.seedSession({
      user: ada.user,
      branch: 'main',
      repo: 'acme/api',
      startedAt: '2026-11-17T09:00:00Z',
      commands: [{ line: 'deploy prod' }],
    }));
    const event = createEvent({
      sessionId,
      seq: 1,
      type: 'terminal.output',
      payload: { data: 'x' },
      actor: { user: ada.user, host: 'h' },
    });
    await ctx.storeEvents({ sessionId, events: [event] });
    await saveKeyframe(ctx.db, {
      sessionId,
      seq: 1,
      at: event.at,
      cols: 80,
      rows: 24,
      screen: 'x',
    });
  });
  afterAll(() => ctx.close());

  const reads: Array<{
    name: string;
    path: () => string;
    ownData: (body: AnyJson) => unknown;
    foreign: number | 'empty';
  }> = [
    {
      name: 'GET /api/v1/timeline',
      path: () => '/api/v1/timeline?branch=main',
      ownData: (b) => b.items.map((i: { summary: string }) => i.summary),
      foreign: 'empty',
    },
    {
      name: 'GET /api/v1/search',
      path: () => '/api/v1/search?q=deploy',
      ownData: (b) => b.items.map((i: { commandLine: string }) => i.commandLine),
      foreign: 'empty',
    },
    {
      name: 'GET /api/v1/sessions',
      path: () => '/api/v1/sessions?repo=acme/api',
      ownData: (b) => b.items.map((i: { sessionId: string }) => i.sessionId),
      foreign: 'empty',
    },
    {
      name: 'GET /api/v1/sessions/:id',
      path: () => `/api/v1/sessions/${sessionId}`,
      ownData: (b) => b.sessionId,
      foreign: 404,
    },
    {
      name: 'GET /api/v1/sessions/:id/events',
      path: () => `/api/v1/sessions/${sessionId}/events`,
      ownData: (b) => b.items.length,
      foreign: 404,
    },
    {
      name: 'GET /api/v1/sessions/:id/keyframes',
      path: () => `/api/v1/sessions/${sessionId}/keyframes`,
      ownData: (b) => b.items.length,
      foreign: 404,
    },
    {
      name: 'GET /api/v1/sessions/:id/screen',
      path: () => `/api/v1/sessions/${sessionId}/screen?seq=1`,
      ownData: (b) => b.screen,
      foreign: 404,
    },
    { name: 'GET /api/v1/me', path: () => '/api/v1/me', ownData: (b) => b.user, foreign: 200 },
  ];

  it.each(reads.map((read) => [read.name, read] as const))('%s', async (_, read) => {
    const anonymous = await ctx.get(read.path());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toMatch(/Authorization/);

    const own = await ctx.get(read.path(), ada.token);
    expect(own.status).toBe(200);
    expect(read.ownData(own.body)).toBeTruthy();
    expect(JSON.stringify(read.ownData(own.body))).not.toMatch(/^\[\]$|^0$/);

    const foreign = await ctx.get(read.path(), eve.token);
    if (read.foreign === 'empty') {
      expect(foreign.status).toBe(200);
      expect(foreign.body.items).toEqual([]);
    } else {
      expect(foreign.status).toBe(read.foreign);
    }
    // Nothing of ada's: neither her name (on every row and session) nor her command.
    expect(JSON.stringify(foreign.body)).not.toContain(ada.user);
    expect(JSON.stringify(foreign.body)).not.toContain('deploy');
  });

  it('POST /api/v1/ingest', async () => {
    const event = createEvent({
      sessionId,
      seq: 2,
      type: 'terminal.output',
      payload: { data: 'y' },
      actor: { user: ada.user, host: 'h' },
    });
    const body = encodeBatch({ sessionId, events: [event] });
    expect((await ctx.ingest(body)).status).toBe(401);
    expect((await ctx.ingest(body, eve.token)).status).toBe(403);
    expect((await ctx.ingest(body, ada.token)).status).toBe(202);
  });
});
