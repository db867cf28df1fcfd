import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { uniqueName } from '@backtrack/testing';

// A real terminal: a detached tmux session on a tmux server of its own, driven with send-keys and read with
// capture-pane, as a user at a 120x30 terminal would type and see. (services/capture/test has the same driver;
// it belongs in @backtrack/testing.)
export class TmuxTerminal {
  private readonly socket = uniqueName('backtrack-e2e-tmux');
  private readonly target = 'main';

  static start(options: { command: string; cwd: string; env: Record<string, string> }) {
    const terminal = new TmuxTerminal();
    const envArgs = Object.entries(options.env).flatMap(([key, value]) => [
      '-e',
      `${key}=${value}`,
    ]);
    terminal.tmux(
      ['-f', '/dev/null', 'new-session', '-d', '-s', terminal.target, '-x', '120', '-y', '30'],
      ['-c', options.cwd, ...envArgs, options.command],
    );
    terminal.tmux(['set-option', '-t', terminal.target, 'remain-on-exit', 'on']);
    return terminal;
  }

  type(line: string): void {
    this.tmux(['send-keys', '-t', this.target, '-l', line]);
    this.tmux(['send-keys', '-t', this.target, 'Enter']);
  }

  // The visible screen, line by line (wrapped lines joined), trailing blanks dropped.
  lines(): string[] {
    return this.tmux(['capture-pane', '-p', '-J', '-t', this.target])
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n+$/, '')
      .split('\n');
  }

  close(): void {
    try {
      const socketPath = this.tmux(['display-message', '-p', '#{socket_path}']).trim();
      this.tmux(['kill-server']);
      rmSync(socketPath, { force: true });
    } catch {
      // Already gone.
    }
  }

  private tmux(...args: string[][]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args.flat()], { encoding: 'utf8' });
  }
}
