import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { expectEventually } from '@backtrack/testing';
import { ShellIntegrationParser } from '../parse-shell-integration/shell-integration.parser';
import { CommandChange, CommandTracker } from '../track-commands/command-tracker';
import { prepareShellLaunch, ShellLaunch } from './shell-launch';

const NONCE = 'f00dfeedf00dfeed';

// A real shell on a PTY, started the way `backtrack record` starts it, with the user's own rc file in a temp HOME.
class ShellContext {
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-shell-home-'));
  readonly finished: Array<Extract<CommandChange, { kind: 'finished' }>> = [];
  output = '';
  private term: pty.IPty | undefined;
  private launch: ShellLaunch | undefined;

  start(shell: string, rcFile: string, rc: string): void {
    writeFileSync(join(this.home, rcFile), rc);
    const env = { ...process.env, HOME: this.home, ZDOTDIR: '' } as Record<string, string>;
    delete env['ZDOTDIR'];
    this.launch = prepareShellLaunch({ shell, nonce: NONCE, integrate: true, env });
    const parser = new ShellIntegrationParser(NONCE);
    const tracker = new CommandTracker();
    this.term = pty.spawn(this.launch.file, this.launch.args, {
      cols: 100,
      rows: 30,
      cwd: this.home,
      env: { ...env, ...this.launch.env },
    });
    this.term.onData((data) => {
      this.output += data;
      for (const mark of parser.push(data)) {
        const change = tracker.onMark(mark, Date.now());
        if (change?.kind === 'finished') this.finished.push(change);
      }
    });
  }

  async run(line: string): Promise<void> {
    const before = this.finished.length;
    this.term!.write(`${line}\r`);
    await expectEventually(() => expect(this.finished.length).toBe(before + 1), {
      timeoutMs: 10_000,
    });
  }

  commands(): Array<[string, number | null, string | undefined]> {
    return this.finished.map(({ command, exitCode }) => [
      command.commandLine,
      exitCode,
      command.cwd,
    ]);
  }

  cleanup(): void {
    this.term?.kill();
    this.launch?.cleanup();
    rmSync(this.home, { recursive: true, force: true });
  }
}

describe('shell integration for bash', () => {
  const ctx = new ShellContext();
  const userRc = [
    "PS1='bash$ '",
    'alias greet="echo hello from the user rc"',
    'HISTCONTROL=ignorespace',
    `PROMPT_COMMAND='echo prompt >> "$HOME/prompts.log"'`,
    `trap 'echo debug >> "$HOME/debug.log"' DEBUG`,
    '',
  ].join('\n');
  beforeAll(async () => {
    ctx.start('/bin/bash', '.bashrc', userRc);
    await ctx.run('greet');
    await ctx.run('false');
    await ctx.run('mkdir -p sub && cd sub');
    await ctx.run(' echo "not in history; a \\\\ b"');
    await ctx.run('echo a | tr a b');
  }, 30_000);
  afterAll(() => ctx.cleanup());

  it('reports every command line with its exit code and directory, from the user rc onwards', () => {
    expect(ctx.commands()).toEqual([
      ['greet', 0, ctx.home],
      ['false', 1, ctx.home],
      ['mkdir -p sub && cd sub', 0, ctx.home],
      // Left out of history (ignorespace), so bash's own view of it is used: the same command, minus the space.
      ['echo "not in history; a \\\\ b"', 0, join(ctx.home, 'sub')],
      ['echo a | tr a b', 0, join(ctx.home, 'sub')],
    ]);
    expect(ctx.output).toContain('hello from the user rc');
  });

  it("keeps the user's PROMPT_COMMAND and DEBUG trap working, and their .bashrc unchanged", () => {
    expect(
      readFileSync(join(ctx.home, 'prompts.log'), 'utf8').split('\n').filter(Boolean).length,
    ).toBeGreaterThanOrEqual(5);
    expect(existsSync(join(ctx.home, 'debug.log'))).toBe(true);
    expect(readFileSync(join(ctx.home, '.bashrc'), 'utf8')).toBe(userRc);
  });

  it('marks the prompt for other terminals with OSC 133 too', () => {
    expect(ctx.output).toContain('\x1b]133;A\x07bash$ \x1b]133;B\x07');
    expect(ctx.output).toContain('\x1b]133;D;1\x07');
  });
});

// Fails (never skips) without zsh: `bash scripts/services.sh up` installs it.
function installedZsh(): string {
  const zsh = ['/usr/bin/zsh', '/bin/zsh'].find((path) => existsSync(path));
  if (!zsh)
    throw new Error(
      'zsh is not installed: run `bash scripts/services.sh up` (or apt-get install -y zsh)',
    );
  return zsh;
}

describe('shell integration for zsh', () => {
  const ctx = new ShellContext();
  const userRc = "PROMPT='zsh%% '\nalias greet='echo hello from the user zshrc'\n";
  beforeAll(async () => {
    ctx.start(installedZsh(), '.zshrc', userRc);
    await ctx.run('greet');
    await ctx.run('false');
    await ctx.run('mkdir -p sub && cd sub');
    await ctx.run('print -r -- "x;y"');
  }, 30_000);
  afterAll(() => ctx.cleanup());

  it('reports every command line with its exit code and directory, from the user zshrc onwards', () => {
    expect(ctx.commands()).toEqual([
      ['greet', 0, ctx.home],
      ['false', 1, ctx.home],
      ['mkdir -p sub && cd sub', 0, ctx.home],
      ['print -r -- "x;y"', 0, join(ctx.home, 'sub')],
    ]);
    expect(ctx.output).toContain('hello from the user zshrc');
    expect(readFileSync(join(ctx.home, '.zshrc'), 'utf8')).toBe(userRc);
  });
});

describe('shells without integration', () => {
  it('start as they are, for other shells or when integration is off', () => {
    const env = { HOME: '/home/ada' };
    expect(
      prepareShellLaunch({ shell: '/bin/dash', nonce: NONCE, integrate: true, env }),
    ).toMatchObject({ file: '/bin/dash', args: [], integrated: false });
    expect(
      prepareShellLaunch({ shell: '/bin/bash', nonce: NONCE, integrate: false, env }),
    ).toMatchObject({ file: '/bin/bash', args: [], integrated: false });
  });
});
