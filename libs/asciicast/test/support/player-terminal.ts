import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TmuxTerminal } from '@backtrack/testing';

export const PLAYED = 'PLAYBACK-FINISHED';

// Debian's `asciinema play` in a detached 80x24 tmux terminal of its own; what a viewer sees comes from capture-pane.
export class PlayerTerminal {
  private readonly dir = mkdtempSync(join(tmpdir(), 'asciicast-play-'));
  private terminal: TmuxTerminal | undefined;

  // Fails (never skips) when the player is missing: the check against the real client is the point of the spec.
  static assertInstalled(): void {
    for (const tool of ['asciinema', 'tmux']) {
      try {
        execFileSync(tool, [tool === 'tmux' ? '-V' : '--version'], { stdio: 'pipe' });
      } catch {
        throw new Error(
          `${tool} is not installed: the real-player check needs Debian's asciinema and tmux; ` +
            'run `bash scripts/services.sh up` (it installs them) or `apt-get install -y asciinema tmux`',
        );
      }
    }
  }

  play(cast: string, speed = 10): void {
    const file = join(this.dir, 'session.cast');
    writeFileSync(file, cast);
    this.terminal = TmuxTerminal.start({
      command: `asciinema play -s ${speed} '${file}'; echo; echo ${PLAYED}; sleep 60`,
      cwd: this.dir,
      env: { LANG: 'C.UTF-8' },
      cols: 80,
      rows: 24,
    });
  }

  screen(): string {
    return this.terminal?.screen() ?? '';
  }

  close(): void {
    this.terminal?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
