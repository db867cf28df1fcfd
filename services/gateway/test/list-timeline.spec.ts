import { AnyJson, GatewayTestContext, Member } from './gateway-test-context';

describe('GET /api/v1/timeline', () => {
  let ctx: GatewayTestContext;
  let ada: Member;
  let bob: Member;
  let eve: Member;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    bob = await ctx.userIn(ada.team, 'bob');
    eve = await ctx.teamWithUser('e', 'eve');
    await ctx.seedSession({
      user: ada.user,
      repo: 'acme/api',
      branch: 'feature/login',
      startedAt: '2026-11-17T09:00:00Z',
      commands: [
        { line: 'npm test', exitCode: 1, cwd: '/src/api' },
        { line: 'git commit -am wip', branch: 'main' },
      ],
    });
    await ctx.seedSession({
      user: bob.user,
      repo: 'acme/web',
      branch: 'feature/login',
      startedAt: '2026-11-17T09:00:30Z',
      commands: [{ line: 'make build' }],
    });
    await ctx.seedSession({
      user: ada.user,
      repo: 'acme/api',
      branch: 'main',
      startedAt: '2026-11-18T10:00:00Z',
      commands: [{ line: 'ls' }],
    });
    await ctx.seedSession({
      user: eve.user,
      repo: 'acme/api',
      branch: 'feature/login',
      startedAt: '2026-11-17T09:00:00Z',
      commands: [{ line: 'cat secrets' }],
    });
  });
  afterAll(() => ctx.close());

  const timeline = async (query: string, member = ada) => {
    const reply = await ctx.get(`/api/v1/timeline${query}`, member.token);
    expect(reply.status).toBe(200);
    return reply.body as { items: AnyJson[]; nextCursor: string | null };
  };
  const summaries = (page: { items: Array<Record<string, unknown>> }) =>
    page.items.map((item) => item.summary);

  it("lists the team's activity in time order, with exit code and cwd of commands", async () => {
    const page = await timeline('?since=2026-11-17T00:00:00Z&until=2026-11-18T00:00:00Z');
    expect(summaries(page)).toEqual([
      'bash',
      'bash',
      'npm test',
      'make build',
      'git commit -am wip',
    ]);
    const npmTest = page.items[2]!;
    expect(npmTest).toEqual({
      sessionId: expect.any(String),
      seq: 3,
      at: '2026-11-17T09:01:01.500Z',
      user: ada.user,
      host: `${ada.user}-laptop`,
      repo: 'acme/api',
      branch: 'feature/login',
      kind: 'terminal.command.finished',
      summary: 'npm test',
      detail: { exitCode: 1, cwd: '/src/api', durationMs: 1500 },
    });
    expect(page.nextCursor).toBeNull();
  });

  it('filters by branch, repo and user', async () => {
    expect(summaries(await timeline('?branch=feature/login'))).toEqual([
      'bash',
      'bash',
      'npm test',
      'make build',
    ]);
    expect(summaries(await timeline('?repo=acme/web'))).toEqual(['bash', 'make build']);
    expect(summaries(await timeline(`?user=${bob.user}`))).toEqual(['bash', 'make build']);
    expect(summaries(await timeline('?branch=main&since=2026-11-18T00:00:00%2B01:00'))).toEqual([
      'bash',
      'ls',
    ]);
  });

  it("never shows another team's activity, even when asked by name", async () => {
    expect(summaries(await timeline(''))).not.toContain('cat secrets');
    expect((await timeline(`?user=${eve.user}`)).items).toEqual([]);
    expect(summaries(await timeline('', eve))).toEqual(['bash', 'cat secrets']);
  });

  it('pages with a cursor without losing or repeating rows, even between rows at the same instant', async () => {
    const tia = await ctx.teamWithUser('t', 'tia');
    const tom = await ctx.userIn(tia.team, 'tom');
    const commands = [{ line: 'one' }, { line: 'two' }, { line: 'three' }];
    for (const user of [tia.user, tom.user])
      await ctx.seedSession({ user, startedAt: '2026-11-16T08:00:00Z', commands });
    const all = await timeline('', tia);
    expect(all.items).toHaveLength(8);
    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await timeline(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`, tia);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all.items);
    expect(pages).toBe(3);
  });

  it('says which query parameter is wrong', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?since=tuesday', /query parameter "since" must be an ISO-8601 date-time/],
      ['?until=2026-11-17T10:00', /query parameter "until" must be an ISO-8601/],
      ['?limit=0', /query parameter "limit" must be a whole number from 1 to 1000/],
      ['?brnach=main', /unknown query parameter "brnach"/],
      ['?branch=a&branch=b', /query parameter "branch" must be given once/],
      ['?cursor=xyz', /query parameter "cursor" is not a cursor this server gave out/],
      [
        '?since=2026-11-18T00:00:00Z&until=2026-11-17T00:00:00Z',
        /"since" .* must be before "until"/,
      ],
    ];
    for (const [query, message] of cases) {
      const reply = await ctx.get(`/api/v1/timeline${query}`, ada.token);
      expect({ query, status: reply.status, message: reply.body.message }).toEqual({
        query,
        status: 400,
        message: expect.stringMatching(message),
      });
    }
  });
});
