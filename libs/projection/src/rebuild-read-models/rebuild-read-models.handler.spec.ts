import { ProjectorTestContext } from '../testing/projector-test-context';
import { SessionRecorder } from '../testing/session-recorder';
import { RebuildProgress } from './rebuild-read-models.command';

describe('rebuild the read models', () => {
  let ctx: ProjectorTestContext;
  let sessions: SessionRecorder[];

  beforeAll(async () => {
    ctx = await ProjectorTestContext.create();
    const longOutput = Array.from(
      { length: 400 },
      (_, i) => `\x1b[32m✓\x1b[0m test ${i} passed 🎉\r\n`,
    );
    sessions = [
      ctx
        .recordSession({ context: { repo: 'acme/app', branch: 'main' } })
        .start({ title: 'tests' })
        .command('npm test', { exitCode: 0, cwd: '/src/app', output: longOutput })
        .checkout('fix/flaky')
        .command('npm test -- flaky', { exitCode: 1, output: ['\x1b]133;C\x07FAIL flaky\r\n'] })
        .note('flaky again')
        .end(1),
      ctx
        .recordSession({ user: 'grace', host: 'grace-pc' })
        .start()
        .output('$ ')
        .command('vim notes.md'),
      ctx.recordSession().start({ source: 'editor' }),
    ];
    const editor = sessions[2]!;
    editor.add('editor.file.saved', { path: '/src/app/login.ts' });
    editor.add('runtime.paused', {
      reason: 'breakpoint',
      frames: [{ function: 'login', file: '/src/app/login.ts', line: 12, scopes: [] }],
    });
    editor.add('session.titled', { title: 'debugging login' });
    for (const session of sessions) await ctx.publish(session.events, 7);
    // A gap, so replay meets the same hole live ingest met.
    const gappy = ctx.recordSession().start().output('a').output('b').output('c');
    await ctx.publish([gappy.events[0]!, gappy.events[3]!]);
    sessions.push(gappy);
    await ctx.projected(gappy.sessionId, 4);
    for (const session of sessions.slice(0, 3))
      await ctx.projected(session.sessionId, session.lastSeq);
  });
  afterAll(() => ctx.dispose());

  it('replay the event store into exactly the rows live ingest wrote, from any damage', async () => {
    const live = await ctx.readModels();
    const deadLetters = await ctx.deadLetters();
    await ctx.query(`UPDATE sessions SET bytes = 0, branches = '{}'`);
    await ctx.query(`UPDATE commands SET output_excerpt = ''`);
    await ctx.query(`DELETE FROM activity WHERE kind = 'note.added'`);
    await ctx.query(
      `INSERT INTO sessions (session_id, user_name, host, started_at, last_at) VALUES ('ghost', 'x', 'y', now(), now())`,
    );

    const progress: RebuildProgress[] = [];
    const rebuilt = await ctx.rebuild(5, (p) => progress.push(p));

    const totalEvents = sessions.reduce((sum, s) => sum + s.events.length, 0) - 2;
    expect(await ctx.readModels()).toEqual(live);
    expect(live.commands.find((c) => c['command_line'] === 'npm test')!['output_excerpt']).toMatch(
      /^✓ test 0 passed 🎉\n[^]*\n\[…\]\n[^]*✓ test 399 passed 🎉\n$/,
    );
    expect(rebuilt).toMatchObject({ events: totalEvents, sessions: 4 });
    expect(progress.length).toBe(Math.ceil(totalEvents / 5));
    expect(progress[progress.length - 1]).toEqual({
      events: totalEvents,
      totalEvents,
      sessions: 4,
    });
    expect(await ctx.deadLetters()).toEqual(deadLetters);
  });

  it('keep projecting live batches after a rebuild', async () => {
    await ctx.rebuild();
    const session = sessions[1]!.output('after rebuild');

    await ctx.publish(session.events.slice(-1));

    expect(await ctx.projected(session.sessionId, session.lastSeq)).toMatchObject({
      command_count: 1,
    });
  });
});
