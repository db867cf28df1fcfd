import { SessionRecorder } from '../testing/session-recorder';
import { projectEvents } from './project-events';

// Projects a recorded session in batches of `size`, carrying the rows forward as the database would.
function projectInBatches(recorder: SessionRecorder, size: number) {
  let sessions = projectEvents({ sessions: [], commands: [] }, []).changes.sessions;
  const commands = new Map<
    string,
    ReturnType<typeof projectEvents>['changes']['commands'][number]
  >();
  const activity = [];
  const gaps = [];
  for (const batch of recorder.batches(size)) {
    const result = projectEvents({ sessions, commands: [...commands.values()] }, batch);
    sessions = result.changes.sessions;
    for (const row of result.changes.commands) commands.set(row.commandId, row);
    activity.push(...result.changes.activity);
    gaps.push(...result.gaps);
  }
  return { session: sessions[0]!, commands: [...commands.values()], activity, gaps };
}

describe('projectEvents', () => {
  const recordSessionWithCommands = () =>
    new SessionRecorder({ context: { repo: 'acme/app', branch: 'main', cwd: '/src/app' } })
      .start({ title: 'login bug' })
      .command('npm test', {
        exitCode: 1,
        output: ['\x1b[31mFAIL\x1b[0m login\r\n', 'Tests: 1 failed\r\n'],
      })
      .checkout('fix/login')
      .command('npm test', { exitCode: 0, cwd: '/src/app/web', output: ['PASS login\r\n'] })
      .end(0);

  it('give the same rows whatever the batch size', () => {
    const recorder = recordSessionWithCommands();
    const whole = projectInBatches(recorder, 1000);
    for (const size of [1, 2, 3, 5]) expect(projectInBatches(recorder, size)).toEqual(whole);
  });

  it('follow output into the open command across batches, without escape sequences', () => {
    const { commands } = projectInBatches(recordSessionWithCommands(), 2);
    expect(
      commands.map((c) => [c.commandLine, c.exitCode, c.cwd, c.branch, c.outputExcerpt]),
    ).toEqual([
      ['npm test', 1, '/src/app', 'main', 'FAIL login\nTests: 1 failed\n'],
      ['npm test', 0, '/src/app/web', 'fix/login', 'PASS login\n'],
    ]);
  });

  it('add a branch when HEAD moves and count bytes of output as UTF-8', () => {
    const recorder = new SessionRecorder({ context: { branch: 'main' } })
      .start()
      .output('ü✓\n')
      .checkout('feature');
    const { session } = projectInBatches(recorder, 2);
    expect(session.branches).toEqual(['main', 'feature']);
    expect(session.bytes).toBe(Buffer.byteLength('ü✓\n'));
  });

  it('report a gap with the seq it expected and still apply the event', () => {
    const recorder = new SessionRecorder().start().output('a').output('b').output('c');
    const [first, , , fourth] = recorder.events;
    const { changes, gaps } = projectEvents({ sessions: [], commands: [] }, [first!, fourth!]);
    expect(gaps.map((g) => [g.expectedSeq, g.event.seq])).toEqual([[2, 4]]);
    expect(changes.sessions[0]!.lastSeq).toBe(4);
    expect(changes.sessions[0]!.bytes).toBe(1);
  });

  it('make a command from a finish whose start was never recorded', () => {
    const recorder = new SessionRecorder().start();
    recorder.add('terminal.command.finished', {
      commandId: 'x',
      commandLine: 'make',
      exitCode: 2,
      durationMs: 1500,
    });
    const { session, commands, activity } = projectInBatches(recorder, 10);
    const finishedAt = recorder.events[1]!.at;
    expect(commands).toEqual([
      expect.objectContaining({
        commandLine: 'make',
        exitCode: 2,
        startedAt: finishedAt - 1500,
        finishedSeq: 2,
      }),
    ]);
    expect(session.commandCount).toBe(1);
    expect(activity.map((a) => [a.kind, a.summary, a.detail])).toEqual([
      ['session.started', 'bash', { source: 'terminal', cols: 80, rows: 24, shell: 'bash' }],
      ['terminal.command.finished', 'make', { exitCode: 2, cwd: null, durationMs: 1500 }],
    ]);
  });
});
