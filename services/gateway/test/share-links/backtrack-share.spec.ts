import { BacktrackCli } from '../backtrack-cli';
import { Member } from '../gateway-test-context';
import {
  FAILING_LOGIN,
  FAILING_LOGIN_END,
  MOMENT_OFFSET_MS,
  MOMENT_TEXT,
} from './failing-login.recording';
import { Recording, ShareTestContext } from './share-test-context';

// `backtrack share` against a running gateway, as a user types it.
describe('backtrack share', () => {
  let ctx: ShareTestContext;
  let cli: BacktrackCli;
  let ada: Member;
  let session: Recording;
  let as: Record<string, string>;

  beforeAll(async () => {
    ctx = await ShareTestContext.start();
    cli = new BacktrackCli();
    ada = await ctx.teamWithUser('a', 'ada');
    as = { BACKTRACK_URL: ctx.baseUrl, BACKTRACK_TOKEN: ada.token };
    session = await ctx.recordSession(ada, FAILING_LOGIN, { endAt: FAILING_LOGIN_END });
  });
  afterAll(async () => {
    cli.cleanUp();
    await ctx.close();
  });

  const tokenOf = (url: string) => url.trim().split('/s/')[1]!;

  it('prints the URL of the moment a time names, which opens at that exact event', async () => {
    const run = await cli.run(
      ['share', `${session.sessionId}@23:22`, '--expires', '7d', '--label', 'failing test'],
      as,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${ctx.baseUrl}/s/bts_[A-Za-z0-9_-]{43}\\n$`));
    expect(run.stderr).toMatch(/revoke it with `backtrack share --revoke [0-9a-f-]{36}`/);
    const opened = await ctx.shared(tokenOf(run.stdout));
    expect(opened.body).toEqual(
      expect.objectContaining({
        sessionId: session.sessionId,
        seq: session.seqOf(MOMENT_TEXT),
        offsetMs: MOMENT_OFFSET_MS,
        label: 'failing test',
      }),
    );
    expect(Date.parse(opened.body.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it('takes seconds and an event seq, as `backtrack search` prints moments', async () => {
    for (const [time, seq] of [
      ['#3', 3],
      ['3', 3],
      ['5s', session.seqOf('running')],
      ['0:23:21', session.seqOf('running') + 1],
    ] as const) {
      const run = await cli.run(['share', `${session.sessionId}@${time}`], as);
      expect(run.stderr).toMatch(/opens/);
      expect((await ctx.shared(tokenOf(run.stdout))).body.seq).toBe(seq);
    }
  });

  it('lists the links of a session and revokes one', async () => {
    const made = await cli.run(['share', session.sessionId, '--label', 'to revoke'], as);
    const listed = await cli.run(['share', '--list', session.sessionId, '--json'], as);
    expect(listed.code).toBe(0);
    const links = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const link = links.find((l: { label: string }) => l.label === 'to revoke');
    expect(link).toEqual(expect.objectContaining({ seq: session.events.length, revokedAt: null }));

    const revoked = await cli.run(['share', '--revoke', link.id], as);
    expect(revoked).toEqual(expect.objectContaining({ code: 0, stdout: `${link.id}\n` }));
    expect((await ctx.shared(tokenOf(made.stdout))).status).toBe(410);
    const table = await cli.run(['share', '--list', session.sessionId], as);
    expect(table.stdout).toMatch(/^CREATED\s+ID\s+SEQ\s+BY\s+EXPIRES\s+STATE\s+LABEL$/m);
    expect(table.stdout).toMatch(new RegExp(`${link.id}.*never\\s+revoked\\s+to revoke`));
  });

  it.each([
    [['share', 'SESSION@23:2'], /cannot read the time "23:2" in "SESSION@23:2"; accepted: MM:SS/],
    [['share', 'no-such-session@1:00'], /404 no session "no-such-session" in team/],
    [['share', '--revoke', 'not-an-id'], /404 no share link "not-an-id"/],
    [['share'], /give one of: SESSION\[@TIME\] \(make a link\), --list SESSION, --revoke ID/],
    [['share', 'abc', '--list', 'abc'], /give one of/],
    [['share', '--list', 'abc', '--label', 'x'], /--expires and --label go with SESSION\[@TIME\]/],
  ])('explains %j', async (args, message) => {
    const run = await cli.run(args, as);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
