import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'capture', 'bin', 'backtrack.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

// The real `backtrack` CLI in a child process (services share no code), with its own empty home directory.
export class BacktrackCli {
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-cli-'));

  run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !name.startsWith('BACKTRACK_') && name !== 'NO_COLOR',
      ),
    );
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { env: { ...inherited, BACKTRACK_HOME: this.home, TZ: 'UTC', ...env }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        },
      );
    });
  }

  cleanUp(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
