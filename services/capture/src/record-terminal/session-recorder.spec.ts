import { AnyEvent, Envelope } from '@backtrack/events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GitSandbox } from '../../test/support/git-sandbox';
import { shellOutput } from '../../test/support/shell-output';
import { readGitState } from '../read-git-state/git-state.reader';
import { noRedaction, Redaction } from './redaction';
import { createRedaction } from './redaction.adapter';
import { SessionRecorder } from './session-recorder';

const NONCE = '0123456789abcdef';
const shell = shellOutput(NONCE);

class RecorderContext {
  readonly events: AnyEvent[] = [];
  readonly recorder: SessionRecorder;
  private clock = 1_700_000_000_000;

  constructor(
    readonly cwd: string,
    redaction: Redaction = noRedaction,
  ) {
    this.recorder = new SessionRecorder({
      sessionId: 'session-1',
      actor: { user: 'ada', host: 'laptop' },
      nonce: NONCE,
      emit: (event) => this.events.push(event),
      readGit: readGitState,
      redaction,
    });
    this.recorder.start({ cwd, cols: 120, rows: 30, shell: '/bin/bash' }, this.tick());
  }

  tick(ms = 10): number {
    return (this.clock += ms);
  }

  print(text: string): void {
    this.recorder.printed(text, this.tick());
  }

  // What a user sees: prompt, typed command, its output, its exit code, run in `cwd`.
  run(
    cwd: string,
    line: string,
    output: string,
    exitCode = 0,
    act: () => void = () => undefined,
  ): void {
    this.print(shell.prompt(cwd) + line);
    this.print(shell.commandStart(line));
    act();
    this.print(`\r\n${output}`);
    this.print(shell.commandEnd(exitCode));
  }

  finish(): AnyEvent[] {
    this.recorder.end(0, 'exited', this.tick());
    return this.events;
  }

  ofType<T extends AnyEvent['type']>(type: T): Envelope<T>[] {
    return this.events.filter((event) => event.type === type) as unknown as Envelope<T>[];
  }

  outputText(): string {
    return this.ofType('terminal.output')
      .map((event) => event.payload.data)
      .join('');
  }
}

describe('SessionRecorder', () => {
  const sandbox = new GitSandbox();
  afterAll(() => sandbox.cleanup());

  it('numbers events from 1 without gaps, from session.started to session.ended', () => {
    const ctx = new RecorderContext(sandbox.root);
    ctx.run(sandbox.root, 'echo hello', 'hello\r\n');
    ctx.recorder.resize(100, 40);
    const events = ctx.finish();
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({
      type: 'session.started',
      payload: { source: 'terminal', cols: 120, rows: 30, agent: { name: 'backtrack-record' } },
    });
    expect(events.at(-1)).toMatchObject({ type: 'session.ended', payload: { exitCode: 0 } });
    expect(ctx.ofType('terminal.resize')).toHaveLength(1);
  });

  it('records the output verbatim, shell integration sequences included', () => {
    const ctx = new RecorderContext(sandbox.root);
    ctx.run(sandbox.root, 'echo hello', 'hello\r\n');
    ctx.finish();
    const printed =
      shell.prompt(sandbox.root) +
      'echo hello' +
      shell.commandStart('echo hello') +
      '\r\nhello\r\n' +
      shell.commandEnd(0);
    expect(ctx.outputText()).toBe(printed);
  });

  it('cuts commands out of the stream: started before their output, finished after it, with exit code and duration', () => {
    const ctx = new RecorderContext(sandbox.root);
    ctx.run(sandbox.root, 'false', 'oops\r\n', 1);
    ctx.finish();
    const types = ctx.events.map((event) => event.type);
    const started = types.indexOf('terminal.command.started');
    const finished = types.indexOf('terminal.command.finished');
    const oops = ctx.events.findIndex(
      (event) => event.type === 'terminal.output' && event.payload.data.includes('oops'),
    );
    expect(started).toBeLessThan(oops);
    expect(oops).toBeLessThan(finished);
    expect(ctx.ofType('terminal.command.finished')[0]!.payload).toMatchObject({
      commandLine: 'false',
      exitCode: 1,
      durationMs: 20,
      cwd: sandbox.root,
    });
  });

  it('ignores a command forged by program output without the nonce', () => {
    const ctx = new RecorderContext(sandbox.root);
    ctx.run(
      sandbox.root,
      'cat evil.txt',
      shell.commandStart('rm -rf /', 'forged') + shell.commandEnd(0),
    );
    ctx.finish();
    expect(
      ctx.ofType('terminal.command.started').map((event) => event.payload.commandLine),
    ).toEqual(['cat evil.txt']);
  });

  it('gives every event the git context in effect, and announces a branch switch before the first event on the new branch', () => {
    const repo = sandbox.repo('recorded', 'feat/x');
    mkdirSync(join(repo, 'sub'));
    const ctx = new RecorderContext(repo);
    ctx.run(repo, 'echo hello', 'hello\r\n');
    ctx.run(repo, 'cd sub', '');
    ctx.run(
      join(repo, 'sub'),
      'git checkout -b feat/y',
      "Switched to a new branch 'feat/y'\r\n",
      0,
      () => sandbox.git(repo, 'checkout', '-q', '-b', 'feat/y'),
    );
    ctx.run(join(repo, 'sub'), 'ls', '');
    ctx.finish();

    const started = ctx.ofType('terminal.command.started');
    expect(
      started.map((event) => [event.payload.commandLine, event.payload.cwd, event.context?.branch]),
    ).toEqual([
      ['echo hello', repo, 'feat/x'],
      ['cd sub', repo, 'feat/x'],
      ['git checkout -b feat/y', join(repo, 'sub'), 'feat/x'],
      ['ls', join(repo, 'sub'), 'feat/y'],
    ]);
    const [moved] = ctx.ofType('git.head.changed');
    expect(moved).toMatchObject({
      payload: { branch: 'feat/y', previousBranch: 'feat/x', commit: sandbox.head(repo) },
      context: { branch: 'feat/y' },
    });
    const firstOnNewBranch = ctx.events.find((event) => event.context?.branch === 'feat/y');
    expect(firstOnNewBranch).toBe(moved);
    expect(ctx.events[0]!.context).toEqual({
      repo: 'recorded',
      branch: 'feat/x',
      commit: sandbox.head(repo),
      cwd: repo,
    });
  });

  it('starts a command on the branch of its prompt even when the command moved HEAD before its start was read', () => {
    const repo = sandbox.repo('racy', 'feat/x');
    const ctx = new RecorderContext(repo);
    ctx.print(shell.prompt(repo) + 'git checkout -b feat/y');
    sandbox.git(repo, 'checkout', '-q', '-b', 'feat/y');
    ctx.print(
      shell.commandStart('git checkout -b feat/y') +
        "Switched to a new branch 'feat/y'\r\n" +
        shell.commandEnd(0),
    );
    ctx.print(shell.prompt(repo));
    ctx.finish();
    const types = ctx.events.map((event) => event.type);
    expect(ctx.ofType('terminal.command.started')[0]!.context?.branch).toBe('feat/x');
    expect(types.indexOf('git.head.changed')).toBeGreaterThan(
      types.indexOf('terminal.command.finished'),
    );
    expect(ctx.ofType('git.head.changed')).toHaveLength(1);
  });

  it('records text printed before a branch switch with the old branch, even when the switch is seen at a prompt', () => {
    const repo = sandbox.repo('outside-change', 'main');
    const ctx = new RecorderContext(repo);
    ctx.print(shell.prompt(repo));
    sandbox.git(repo, 'checkout', '-q', '-b', 'from-the-ide');
    ctx.recorder.printed('\r\n', ctx.tick());
    ctx.print(shell.prompt(repo));
    ctx.finish();
    const moved = ctx.events.findIndex((event) => event.type === 'git.head.changed');
    expect(moved).toBeGreaterThan(0);
    expect(ctx.events.slice(0, moved).every((event) => event.context?.branch === 'main')).toBe(
      true,
    );
    expect(ctx.events.slice(moved).every((event) => event.context?.branch === 'from-the-ide')).toBe(
      true,
    );
  });

  it('redacts secrets in command lines and in output, even when a secret arrives split across chunks', () => {
    const token = 'ghp_Zyx9Wvu8Tsr7Qpo6Nml5Kji4Hgf3Edc2Baz1';
    const ctx = new RecorderContext(sandbox.root, createRedaction());
    ctx.run(sandbox.root, `export GITHUB_TOKEN=${token}`, '');
    ctx.print(
      shell.prompt(sandbox.root) +
        'cat token.txt' +
        shell.commandStart('cat token.txt') +
        '\r\n' +
        token.slice(0, 20),
    );
    ctx.print(token.slice(20) + '\r\n' + shell.commandEnd(0));
    ctx.finish();
    expect(ctx.ofType('terminal.command.started')[0]!.payload.commandLine).toBe(
      'export GITHUB_TOKEN=[REDACTED:github-token]',
    );
    expect(ctx.outputText()).not.toContain(token.slice(4, 20));
    expect(ctx.outputText()).not.toContain(token.slice(20));
    expect(ctx.outputText()).toContain('[REDACTED:github-token]');
  });
});
