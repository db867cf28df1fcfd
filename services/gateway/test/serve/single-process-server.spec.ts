import { userInfo } from 'node:os';
import { expectEventually, uniqueName } from '@backtrack/testing';
import { LocalServerTestContext } from './local-server-test-context';

describe('backtrack-gateway start: all of Backtrack in one process', () => {
  let ctx: LocalServerTestContext;

  beforeEach(() => {
    ctx = new LocalServerTestContext();
  });
  afterEach(() => ctx.dispose());

  it('log the CLI in on first start, show and replay what it records, and keep it across a restart', async () => {
    const printed = await ctx.start();
    const login = ctx.savedLogin();
    expect(login).toEqual({
      server: ctx.url,
      token: expect.stringMatching(/^bt_/),
      user: userInfo().username,
    });
    expect(ctx.loginMode).toBe(0o600);
    expect(printed).toContain(
      `first start: created team "local" with user "${userInfo().username}"`,
    );
    expect(printed).toContain(login.token);

    const recorded = await ctx.backtrack('record', '--', 'bash', '-c', 'echo hello; exit 3');
    expect(recorded.code).toBe(3);
    const session = await expectEventually(async () => {
      const [latest] = await ctx.backtrackJson('sessions');
      expect(latest).toMatchObject({ user: userInfo().username, exitCode: 3, bytes: 7 });
      return latest;
    });
    const { items } = await ctx.api(`/api/v1/sessions/${session.sessionId}/events`);
    expect(items.map((e: { type: string }) => e.type)).toEqual([
      'session.started',
      'terminal.output',
      'session.ended',
    ]);
    expect(items[1].payload.data).toContain('hello');
    const activity = await ctx.backtrackJson('log', '--on', 'today');
    expect(activity.filter((a) => a.sessionId === session.sessionId).map((a) => a.kind)).toEqual([
      'session.started',
      'session.ended',
    ]);
    const replayed = await ctx.replay(session.sessionId);
    expect(replayed.at(-1)).toEqual({ type: 'ended', exitCode: 3 });

    const stopped = await ctx.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.printed).toContain('backtrack: stopped');
    const again = await ctx.start();

    expect(again).not.toContain('first start');
    expect(ctx.savedLogin()).toEqual({ server: ctx.url, token: login.token, user: login.user });
    expect(await ctx.backtrackJson('sessions')).toEqual([
      expect.objectContaining({ sessionId: session.sessionId, exitCode: 3 }),
    ]);
  });

  it('refuse a second server on the same data folder, naming the process that holds it', async () => {
    await ctx.start();

    const second = await ctx.startAgain();

    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`the embedded database in ${ctx.dataDir} is already open by process \\d+`),
    );
    expect((await ctx.backtrackJson('sessions')).length).toBe(0);
  });

  it('find a command typed in an interactive bash, once the shell integration marked it', async () => {
    await ctx.start();
    const word = uniqueName('hello');
    const terminal = ctx.recordInteractive();
    await expectEventually(() => expect(terminal.lines().at(-1)).toBe('$'), { timeoutMs: 30_000 });

    terminal.type(`echo ${word}`);
    terminal.type('exit');

    const [found] = await expectEventually(async () => {
      const results = await ctx.backtrackJson('search', word);
      expect(results).toHaveLength(1);
      return results;
    });
    expect(found).toMatchObject({ commandLine: `echo ${word}`, exitCode: 0 });
  });
});
