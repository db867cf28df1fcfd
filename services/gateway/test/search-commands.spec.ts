import { AnyJson, GatewayTestContext, Member } from './gateway-test-context';

describe('GET /api/v1/search', () => {
  let ctx: GatewayTestContext;
  let ada: Member;
  let eve: Member;
  let apiSession: { sessionId: string; commandSeqs: number[] };

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    eve = await ctx.teamWithUser('e', 'eve');
    apiSession = await ctx.seedSession({
      user: ada.user,
      repo: 'acme/api',
      branch: 'feature/db',
      startedAt: '2026-11-17T09:00:00Z',
      commands: [
        {
          line: 'npm run migrate',
          exitCode: 1,
          output:
            'Error: connect ECONNREFUSED 127.0.0.1:5432\nconnection refused, retrying\nconnection refused again',
        },
        {
          line: 'psql -h localhost',
          exitCode: 2,
          output: 'psql: error: connection to server failed: Connection refused',
        },
        {
          line: 'helm upgrade api ./chart',
          exitCode: 0,
          output: 'Release "api" has been upgraded.',
        },
        { line: 'pip install --upgradeable wheel', exitCode: 0 },
      ],
    });
    await ctx.seedSession({
      user: ada.user,
      repo: 'acme/web',
      branch: 'main',
      startedAt: '2026-11-16T09:00:00Z',
      commands: [
        {
          line: 'curl localhost:3000',
          exitCode: 7,
          output: 'curl: (7) Failed to connect: Connection refused',
        },
      ],
    });
    await ctx.seedSession({
      user: eve.user,
      startedAt: '2026-11-17T09:00:00Z',
      commands: [{ line: 'connection refused here too' }],
    });
  });
  afterAll(() => ctx.close());

  const search = async (query: string, member = ada) => {
    const reply = await ctx.get(`/api/v1/search?${query}`, member.token);
    expect(reply.status).toBe(200);
    return reply.body.items as AnyJson[];
  };

  it('finds commands by words of their output, best match first, with the moment they ran', async () => {
    const hits = await search('q=connection%20refused');
    expect(hits.map((hit) => hit.commandLine)).toEqual([
      'npm run migrate',
      'psql -h localhost',
      'curl localhost:3000',
    ]);
    expect(hits[0]).toEqual({
      sessionId: apiSession.sessionId,
      seq: apiSession.commandSeqs[0],
      commandId: 'c1',
      user: ada.user,
      commandLine: 'npm run migrate',
      exitCode: 1,
      cwd: '/home/dev/project',
      repo: 'acme/api',
      branch: 'feature/db',
      startedAt: '2026-11-17T09:01:00.000Z',
      durationMs: 1500,
      rank: expect.any(Number),
      snippet: expect.stringContaining('«connection» «refused»'),
    });
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
  });

  it('finds a substring of a command line, after whole-word matches', async () => {
    const hel = await search('q=hel');
    expect(hel.map((hit) => [hit.commandLine, hit.snippet, hit.rank])).toEqual([
      ['helm upgrade api ./chart', '«hel»m upgrade api ./chart', 0],
    ]);
    expect((await search('q=upgrade')).map((hit) => [hit.commandLine, hit.rank > 0])).toEqual([
      ['helm upgrade api ./chart', true],
      ['pip install --upgradeable wheel', false],
    ]);
    expect((await search('q=upgrade&limit=1')).map((hit) => hit.commandLine)).toEqual([
      'helm upgrade api ./chart',
    ]);
  });

  it('understands web-search syntax', async () => {
    expect((await search('q=refused%20-psql')).map((hit) => hit.commandLine)).toEqual([
      'npm run migrate',
      'curl localhost:3000',
    ]);
    expect((await search('q=%22server%20failed%22')).map((hit) => hit.commandLine)).toEqual([
      'psql -h localhost',
    ]);
  });

  it('filters by branch and repo', async () => {
    expect((await search('q=refused&branch=main')).map((hit) => hit.commandLine)).toEqual([
      'curl localhost:3000',
    ]);
    expect((await search('q=refused&repo=acme/api')).map((hit) => hit.commandLine)).toEqual([
      'npm run migrate',
      'psql -h localhost',
    ]);
    expect(await search('q=refused&branch=nope')).toEqual([]);
  });

  it("never finds another team's commands", async () => {
    expect((await search('q=here')).map((hit) => hit.commandLine)).toEqual([]);
    expect((await search('q=refused', eve)).map((hit) => hit.commandLine)).toEqual([
      'connection refused here too',
    ]);
  });

  it('needs the text to search for', async () => {
    const reply = await ctx.get('/api/v1/search?branch=main', ada.token);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('query parameter "q" is required');
  });
});
