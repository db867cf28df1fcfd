import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { uniqueName } from './services';

export interface TmuxTerminalOptions {
  // A shell command line, or an argv run without a shell.
  command: string | string[];
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

// A real terminal: a detached tmux session on a tmux server of its own, driven with send-keys and read with
// capture-pane, as a user at a 120x30 terminal would type and see.
export class TmuxTerminal {
  private readonly socket = uniqueName('backtrack-tmux');
  private readonly target = 'main';

  static start(options: TmuxTerminalOptions): TmuxTerminal {
    const terminal = new TmuxTerminal();
    const size = ['-x', String(options.cols ?? 120), '-y', String(options.rows ?? 30)];
    const env = Object.entries(options.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    const command = typeof options.command === 'string' ? [options.command] : options.command;
    terminal.tmux('-f', '/dev/null', 'new-session', '-d', '-s', terminal.target, ...size);
    terminal.tmux('set-option', '-t', terminal.target, 'remain-on-exit', 'on');
    terminal.tmux(
      'respawn-pane',
      '-k',
      '-t',
      terminal.target,
      '-c',
      options.cwd,
      ...env,
      ...command,
    );
    return terminal;
  }

  // Types the line and presses Enter.
  type(line: string): void {
    this.keys(line);
    this.tmux('send-keys', '-t', this.target, 'Enter');
  }

  // Presses keys without Enter, as a viewer presses q or space.
  keys(text: string): void {
    this.tmux('send-keys', '-t', this.target, '-l', text);
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', this.target, '-x', String(cols), '-y', String(rows));
  }

  // The visible screen as capture-pane prints it, trailing blank lines dropped.
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.target).replace(/\n+$/, '');
  }

  // The visible screen line by line (wrapped lines joined), trailing blanks dropped; with scrollback, the lines
  // scrolled out of view first.
  lines(options: { scrollback?: boolean } = {}): string[] {
    const from = options.scrollback ? ['-S', '-'] : [];
    return this.tmux('capture-pane', '-p', '-J', ...from, '-t', this.target)
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n+$/, '')
      .split('\n');
  }

  close(): void {
    try {
      const socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
      this.tmux('kill-server');
      rmSync(socketPath, { force: true });
    } catch {
      // Already gone.
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], {
      encoding: 'utf8',
      env: { ...process.env, LANG: process.env['LANG'] || 'C.UTF-8' },
    });
  }
}
