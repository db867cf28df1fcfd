import { BacktrackCli } from './backtrack-cli';
import { GatewayTestContext, Member } from './gateway-test-context';

// The `backtrack` asking commands against a running gateway.
describe('backtrack log, search, sessions and login', () => {
  let ctx: GatewayTestContext;
  let cli: BacktrackCli;
  let ada: Member;
  let session: { sessionId: string; commandSeqs: number[] };
  let as: Record<string, string>;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    cli = new BacktrackCli();
    ada = await ctx.teamWithUser('a', 'ada');
    as = { BACKTRACK_URL: ctx.baseUrl, BACKTRACK_TOKEN: ada.token };
    session = await ctx.seedSession({
      user: ada.user,
      repo: 'acme/api',
      branch: 'feature/login',
      startedAt: '2026-11-17T09:00:00Z',
      commands: [
        { line: 'npm test', exitCode: 1, output: 'FAIL src/login.spec.ts: expected 200, got 500' },
        { line: 'git push origin feature/login', exitCode: 0 },
      ],
    });
    await ctx.seedSession({
      user: ada.user,
      repo: 'acme/api',
      branch: 'main',
      startedAt: '2026-11-18T09:00:00Z',
      commands: [{ line: 'ls' }],
    });
  });
  afterAll(async () => {
    cli.cleanUp();
    await ctx.close();
  });

  it('log --json prints the timeline of the day, one JSON object per line, as the API gives it', async () => {
    const run = await cli.run(['log', '--on', '2026-11-17', '--json'], as);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const api = await ctx.get(
      '/api/v1/timeline?since=2026-11-17T00:00:00Z&until=2026-11-18T00:00:00Z',
      ada.token,
    );
    expect(lines).toEqual(api.body.items);
    expect(lines.map((l: { summary: string }) => l.summary)).toEqual([
      'bash',
      'npm test',
      'git push origin feature/login',
    ]);
  });

  it('log prints a table in the local time zone, filtered by branch', async () => {
    const run = await cli.run(
      ['log', '--branch', 'feature/login', '--since', '2026-11-17', '--until', '2026-11-18'],
      { ...as, TZ: 'Asia/Kolkata' },
    );
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^TIME\s+USER\s+BRANCH\s+KIND\s+EXIT\s+SUMMARY$/);
    expect(rows.slice(1)).toEqual([
      expect.stringMatching(/^14:30:00 +\S+ +feature\/login +start +bash$/),
      expect.stringMatching(/^14:31:01 +\S+ +feature\/login +command +1 +npm test$/),
      expect.stringMatching(
        /^14:32:01 +\S+ +feature\/login +command +0 +git push origin feature\/login$/,
      ),
    ]);
  });

  it('log explains a day it cannot read', async () => {
    const run = await cli.run(['log', '--on', 'someday'], as);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot understand day "someday"; accepted forms:\n.*today/);
  });

  it('search prints the moment of each matching command', async () => {
    const run = await cli.run(['search', 'expected', '200'], as);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${session.sessionId}@${session.commandSeqs[0]}`);
    expect(run.stdout).toContain('$ npm test');
    // Without a terminal the matched words are not marked up, just shown.
    expect(run.stdout).toMatch(/\n {2}.*FAIL src\/login.spec.ts: expected 200/);
  });

  it('login checks the token, saves it, and later commands use it', async () => {
    const login = await cli.run(['login', '--server', ctx.baseUrl, '--token', ada.token]);
    expect(login.code).toBe(0);
    expect(login.stdout).toBe(`Logged in to ${ctx.baseUrl} as ${ada.user} (team ${ada.team}).\n`);
    const sessions = await cli.run(['sessions', '--on', '2026-11-17', '--json']);
    expect(sessions.code).toBe(0);
    expect(
      sessions.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).sessionId),
    ).toEqual([session.sessionId]);
  });

  it('says when no server is configured, and when the token is rejected', async () => {
    const fresh = new BacktrackCli();
    try {
      const none = await fresh.run(['sessions']);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/no Backtrack server configured: run `backtrack login/);
      const rejected = await fresh.run(['log'], {
        BACKTRACK_URL: ctx.baseUrl,
        BACKTRACK_TOKEN: 'bt_wrong',
      });
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toMatch(/rejected the token \(unknown token/);
      const badLogin = await fresh.run(['login', '--server', ctx.baseUrl, '--token', 'bt_wrong']);
      expect(badLogin.code).toBe(1);
      expect(badLogin.stderr).toMatch(/rejected the token/);
    } finally {
      fresh.cleanUp();
    }
  });
});
