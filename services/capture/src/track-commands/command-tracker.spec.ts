import { ShellMark } from '../parse-shell-integration/shell-integration.parser';
import { CommandChange, CommandTracker } from './command-tracker';

const mark = {
  prompt: (): ShellMark[] => [
    { kind: 'promptStart', end: 0 },
    { kind: 'promptEnd', end: 0 },
  ],
  line: (commandLine: string): ShellMark => ({ kind: 'commandLine', commandLine, end: 0 }),
  executed: (): ShellMark => ({ kind: 'commandExecuted', end: 0 }),
  finished: (exitCode: number | null): ShellMark => ({ kind: 'commandFinished', exitCode, end: 0 }),
  cwd: (cwd: string): ShellMark => ({ kind: 'cwd', cwd, end: 0 }),
};

class TrackerContext {
  readonly tracker = new CommandTracker();
  now = 1_000;

  at(time: number, ...marks: ShellMark[]): CommandChange[] {
    this.now = time;
    return marks.flatMap((m) => this.tracker.onMark(m, time) ?? []);
  }

  runCommand(line: string, exitCode: number, startAt: number, endAt: number): CommandChange[] {
    return [
      ...this.at(startAt, ...mark.prompt(), mark.line(line), mark.executed()),
      ...this.at(endAt, mark.finished(exitCode)),
    ];
  }
}

describe('CommandTracker', () => {
  it('starts a command on C with the command line and cwd, and finishes it on D with exit code and duration', () => {
    const ctx = new TrackerContext();
    ctx.at(0, mark.cwd('/repo'));
    const [started, finished] = ctx.runCommand('false', 1, 1_000, 1_250);
    expect(started).toMatchObject({
      kind: 'started',
      command: { commandLine: 'false', cwd: '/repo', startedAt: 1_000 },
    });
    expect(finished).toMatchObject({
      kind: 'finished',
      exitCode: 1,
      durationMs: 250,
      command: { commandLine: 'false' },
    });
    if (started?.kind !== 'started' || finished?.kind !== 'finished')
      throw new Error('expected start and finish');
    expect(finished.command.commandId).toBe(started.command.commandId);
  });

  it('gives each command its own id', () => {
    const ctx = new TrackerContext();
    const first = ctx.runCommand('ls', 0, 1, 2)[0];
    const second = ctx.runCommand('ls', 0, 3, 4)[0];
    if (first?.kind !== 'started' || second?.kind !== 'started') throw new Error('expected starts');
    expect(first.command.commandId).not.toBe(second.command.commandId);
  });

  it('ignores C without a nonce-checked command line before it (forged by program output)', () => {
    const ctx = new TrackerContext();
    expect(ctx.at(1, ...mark.prompt(), mark.executed(), mark.finished(0))).toEqual([]);
  });

  it('ignores a command line left over from an earlier prompt', () => {
    const ctx = new TrackerContext();
    expect(ctx.at(1, mark.line('stale'), ...mark.prompt(), mark.executed())).toEqual([]);
  });

  it('ignores a second C or D while nothing new was typed', () => {
    const ctx = new TrackerContext();
    const changes = ctx.at(
      1,
      ...mark.prompt(),
      mark.line('make'),
      mark.executed(),
      mark.executed(),
      mark.finished(0),
      mark.finished(0),
    );
    expect(changes.map((change) => change.kind)).toEqual(['started', 'finished']);
  });

  it('reports the cwd only when it changes, and runs later commands in it', () => {
    const ctx = new TrackerContext();
    expect(ctx.at(1, mark.cwd('/repo'), mark.cwd('/repo'), mark.cwd('/repo/sub'))).toEqual([
      { kind: 'cwdChanged', cwd: '/repo' },
      { kind: 'cwdChanged', cwd: '/repo/sub' },
    ]);
    expect(ctx.runCommand('ls', 0, 2, 3)[0]).toMatchObject({ command: { cwd: '/repo/sub' } });
  });

  it('finishes a command still running when the session ends with the session exit code', () => {
    const ctx = new TrackerContext();
    ctx.at(1, ...mark.prompt(), mark.line('exit 3'), mark.executed());
    expect(ctx.tracker.endSession(3, 5)).toMatchObject({
      kind: 'finished',
      exitCode: 3,
      durationMs: 4,
      command: { commandLine: 'exit 3' },
    });
    expect(ctx.tracker.endSession(3, 6)).toBeUndefined();
  });
});
