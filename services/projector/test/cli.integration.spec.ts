import { testing } from '@backtrack/projection';
import { expectEventually } from '@backtrack/testing';
import { runProjectorCli } from './projector-process';

describe('backtrack-projector rebuild and dead-letters', () => {
  let ctx: testing.ProjectorTestContext;

  beforeAll(async () => {
    ctx = await testing.ProjectorTestContext.create();
  });
  afterAll(() => ctx.dispose());

  it('rebuild the read models from the command line, printing progress, to the same rows', async () => {
    const session = ctx
      .recordSession({ context: { branch: 'main' } })
      .start()
      .command('make', { exitCode: 2, output: ['error\r\n'] })
      .end(2);
    await ctx.publish(session.events, 2);
    await ctx.projected(session.sessionId, session.lastSeq);
    const live = await ctx.readModels();
    await ctx.query('DELETE FROM commands');

    const { code, stdout } = await runProjectorCli(['rebuild', '--chunk', '2'], {
      DATABASE_URL: ctx.db.url,
    });

    expect(code).toBe(0);
    expect(stdout).toContain(
      `rebuild: ${session.events.length}/${session.events.length} events (100%), 1 sessions`,
    );
    expect(stdout).toMatch(
      new RegExp(`rebuild: done, ${session.events.length} events of 1 sessions in \\d+\\.\\d s`),
    );
    expect(await ctx.readModels()).toEqual(live);
  });

  it('print dead letters as JSON for scripts', async () => {
    await ctx.publishRaw('broken-session', '[1, 2');

    await expectEventually(async () =>
      expect(await ctx.deadLetters('broken-session')).toHaveLength(1),
    );
    const { code, stdout } = await runProjectorCli(['dead-letters', '--json', '--limit', '5'], {
      DATABASE_URL: ctx.db.url,
    });

    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.totals).toEqual([{ source: 'bus', count: 1, latest: expect.any(String) }]);
    expect(report.latest[0]).toMatchObject({
      source: 'bus',
      sessionId: 'broken-session',
      raw: '[1, 2',
    });
  });

  it('fail with a clear message when the database is not configured', async () => {
    const { code, stderr } = await runProjectorCli(['rebuild'], { DATABASE_URL: '' });

    expect(code).toBe(1);
    expect(stderr).toContain('backtrack-projector: DATABASE_URL is not set');
  });
});
