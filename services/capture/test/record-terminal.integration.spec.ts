import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyEvent, Envelope, EventType } from '@backtrack/events';
import { expectEventually, shellQuote, testServices, TmuxTerminal } from '@backtrack/testing';
import { backtrackArgv, backtrackEnv } from './support/backtrack-cli';
import { BusListener } from './support/bus-listener';
import { GitSandbox } from './support/git-sandbox';

// A user in a real bash, in a real terminal (tmux), recording to the real RabbitMQ; the spec listens on the broker.
class RecordingContext {
  readonly git = new GitSandbox();
  readonly repo = this.git.repo('shop', 'feat/x');
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-home-'));
  listener!: BusListener;
  terminal!: TmuxTerminal;

  async recordSession(...extraArgs: string[]): Promise<void> {
    mkdirSync(join(this.repo, 'sub'));
    writeFileSync(join(this.repo, 'sub', 'notes.txt'), 'notes\n');
    writeFileSync(join(this.home, '.bashrc'), "PS1='$ '\n");
    this.listener = await BusListener.start('capture-e2e');
    const record = backtrackArgv('record', '--bus', testServices.amqpUrl, ...extraArgs)
      .map(shellQuote)
      .join(' ');
    this.terminal = TmuxTerminal.start({
      cwd: this.repo,
      env: backtrackEnv({
        HOME: this.home,
        SHELL: '/bin/bash',
        BACKTRACK_HOME: join(this.home, '.backtrack'),
        BACKTRACK_BUS_NAMESPACE: this.listener.namespace,
        BACKTRACK_USER: 'ada',
      }),
      command: ['sh', '-c', `${record}; echo "recorder exited with $?"; exec sleep 600`],
    });
    await expectEventually(() => expect(this.ofType('session.started')).toHaveLength(1), {
      timeoutMs: 30_000,
    });
  }

  get sessionId(): string {
    return this.ofType('session.started')[0]!.sessionId;
  }

  // Types a command and waits until the recorder has published that it finished.
  async run(line: string): Promise<void> {
    const before = this.ofType('terminal.command.finished').length;
    this.terminal.type(line);
    await expectEventually(() =>
      expect(this.ofType('terminal.command.finished').length).toBe(before + 1),
    );
  }

  async resizeTo(cols: number, rows: number): Promise<void> {
    this.terminal.resize(cols, rows);
    await expectEventually(() =>
      expect(this.ofType('terminal.resize').at(-1)?.payload).toEqual({ cols, rows }),
    );
  }

  async waitForScreen(text: string): Promise<void> {
    await expectEventually(() => expect(this.terminal.screen()).toContain(text));
  }

  async exitShell(): Promise<void> {
    this.terminal.type('exit');
    await this.waitForExit();
  }

  async waitForExit(): Promise<void> {
    await expectEventually(() => expect(this.terminal.screen()).toContain('recorder exited with'), {
      timeoutMs: 30_000,
    });
    await expectEventually(() => expect(this.ofType('session.ended')).toHaveLength(1));
  }

  events(): AnyEvent[] {
    return [...this.listener.received].sort((a, b) => a.seq - b.seq);
  }

  ofType<T extends EventType>(type: T): Envelope<T>[] {
    return this.events().filter((event) => event.type === type) as unknown as Envelope<T>[];
  }

  async cleanup(): Promise<void> {
    this.terminal?.close();
    await this.listener?.close();
    this.git.cleanup();
    rmSync(this.home, { recursive: true, force: true });
  }
}

describe('backtrack record in a real terminal', () => {
  const ctx = new RecordingContext();
  beforeAll(async () => {
    await ctx.recordSession();
    for (const line of ['echo hello', 'false', 'cd sub', 'git checkout -b feat/y', 'ls'])
      await ctx.run(line);
    await ctx.resizeTo(140, 40);
    await ctx.exitShell();
  }, 120_000);
  afterAll(() => ctx.cleanup());

  it('publishes each command with its exit code and the directory it ran in', () => {
    const finished = ctx.ofType('terminal.command.finished').map((event) => event.payload);
    expect(finished.map(({ commandLine, exitCode, cwd }) => [commandLine, exitCode, cwd])).toEqual([
      ['echo hello', 0, ctx.repo],
      ['false', 1, ctx.repo],
      ['cd sub', 0, ctx.repo],
      ['git checkout -b feat/y', 0, join(ctx.repo, 'sub')],
      ['ls', 0, join(ctx.repo, 'sub')],
      ['exit', 0, join(ctx.repo, 'sub')],
    ]);
    const started = ctx.ofType('terminal.command.started');
    expect(started.map((event) => event.payload.commandId)).toEqual(
      ctx.ofType('terminal.command.finished').map((event) => event.payload.commandId),
    );
  });

  it('gives each command the branch it ran on, and announces the switch to feat/y', () => {
    const branches = ctx
      .ofType('terminal.command.started')
      .map((event) => [event.payload.commandLine, event.context?.branch]);
    expect(branches).toEqual([
      ['echo hello', 'feat/x'],
      ['false', 'feat/x'],
      ['cd sub', 'feat/x'],
      ['git checkout -b feat/y', 'feat/x'],
      ['ls', 'feat/y'],
      ['exit', 'feat/y'],
    ]);
    const moved = ctx.ofType('git.head.changed');
    expect(moved.map((event) => event.payload)).toEqual([
      {
        branch: 'feat/y',
        commit: ctx.git.head(ctx.repo),
        previousBranch: 'feat/x',
        previousCommit: ctx.git.head(ctx.repo),
      },
    ]);
    const firstOnFeatY = ctx.events().find((event) => event.context?.branch === 'feat/y');
    expect(firstOnFeatY?.type).toBe('git.head.changed');
    expect(ctx.ofType('session.started')[0]!.context).toMatchObject({
      repo: 'shop',
      branch: 'feat/x',
      cwd: ctx.repo,
    });
  });

  it('numbers the session events 1..n without gaps, from session.started to session.ended with the exit code', () => {
    const events = ctx.events();
    expect([...new Set(events.map((event) => event.seq))]).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({
      type: 'session.started',
      actor: { user: 'ada' },
      payload: { source: 'terminal', shell: '/bin/bash', cols: 120, rows: 30 },
    });
    expect(events.at(-1)).toMatchObject({ type: 'session.ended', payload: { exitCode: 0 } });
  });

  it('publishes a resize of the terminal', () => {
    expect(ctx.ofType('terminal.resize').map((event) => event.payload)).toEqual([
      { cols: 140, rows: 40 },
    ]);
  });

  it('records the output, hello included, with the shell integration marks kept verbatim', () => {
    const output = ctx
      .ofType('terminal.output')
      .map((event) => event.payload.data)
      .join('');
    expect(output).toContain('\x1b]633;C\x07\x1b]133;C\x07hello\r\n');
    expect(output).toContain("Switched to a new branch 'feat/y'");
    expect(output).toContain('notes.txt');
    expect(ctx.ofType('terminal.input')).toEqual([]);
  });

  it('stays transparent: the terminal shows what bash alone would show, plus one line before and after', () => {
    const screen = ctx.terminal.screen().split('\n');
    expect(screen[0]).toBe(
      `backtrack ● recording ${ctx.sessionId} · watch it with backtrack follow ${ctx.sessionId}`,
    );
    const session = screen.slice(
      1,
      screen.findIndex((line) => line.startsWith('backtrack ● ') && line !== screen[0]),
    );
    expect(session).toEqual([
      '$ echo hello',
      'hello',
      '$ false',
      '$ cd sub',
      '$ git checkout -b feat/y',
      "Switched to a new branch 'feat/y'",
      '$ ls',
      'notes.txt',
      '$ exit',
      'exit',
    ]);
    expect(ctx.terminal.screen()).toContain(
      `backtrack ● ${ctx.events().length} events, all delivered`,
    );
    expect(ctx.terminal.screen()).toContain('recorder exited with 0');
  });
});

describe('backtrack record --stdin in a real terminal', () => {
  const ctx = new RecordingContext();
  const program = `stty -echo; printf 'secret: '; read secret; stty echo; printf '\\nname: '; read name; echo "hi $name"`;
  beforeAll(async () => {
    await ctx.recordSession('--stdin', '--', 'sh', '-c', program);
    await ctx.waitForScreen('secret:');
    ctx.terminal.type('hunter2');
    await ctx.waitForScreen('name:');
    ctx.terminal.type('ada');
    await ctx.waitForExit();
  }, 120_000);
  afterAll(() => ctx.cleanup());

  it('records what was typed while the terminal echoed it, and nothing typed at the password prompt', () => {
    const typed = ctx
      .ofType('terminal.input')
      .map((event) => event.payload.data)
      .join('');
    expect(typed).toBe('ada\r');
    const everything = JSON.stringify(ctx.events());
    expect(everything).not.toContain('hunter2');
    expect(ctx.terminal.screen()).toContain('hi ada');
  });
});
