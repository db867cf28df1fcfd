import { closeSync, constants, openSync } from 'node:fs';
import * as pty from 'node-pty';

export interface PtyExit {
  exitCode: number;
  signal: number | undefined;
}

export interface PtySpawn {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

// node-pty internals this adapter relies on (node-pty 1.1.0).
interface NodePtyInternals {
  // Set once the native side has reaped the child; node-pty then waits for the PTY to close before reporting exit.
  _boundClose?: boolean;
  _socket: { destroy(): void };
}

// UnixTerminal has the slave device's path, missing from node-pty's typings.
interface UnixPty extends pty.IPty {
  readonly ptsName: string;
}

const EXIT_POLL_MS = 25;
// After the child is gone, output still in the PTY arrives within this much quiet.
const DRAIN_QUIET_MS = 10;

// A child process on a PTY that hands back raw bytes and loses none of its last output. node-pty alone sometimes
// drops the final kilobytes: the PTY reads EOF when the child exits before everything was read. Holding the slave
// side open keeps the output readable; once the child has exited and the output has gone quiet we close it ourselves.
export class PtyProcess {
  readonly exited: Promise<PtyExit>;
  private readonly term: UnixPty;
  private readonly slaveFd: number;
  private lastDataAt = Date.now();
  private paused = false;

  constructor(spawn: PtySpawn, onData: (data: Buffer) => void) {
    this.term = pty.spawn(spawn.file, spawn.args, {
      name: spawn.env['TERM'] ?? 'xterm-256color',
      cols: spawn.cols,
      rows: spawn.rows,
      cwd: spawn.cwd,
      env: spawn.env,
      encoding: null,
    }) as UnixPty;
    this.slaveFd = openSync(this.term.ptsName, constants.O_RDWR | constants.O_NOCTTY);
    // With encoding null node-pty delivers Buffers, though its typings say string.
    this.term.onData((data) => {
      this.lastDataAt = Date.now();
      onData(data as unknown as Buffer);
    });
    const watch = setInterval(() => this.closeWhenDrained(), EXIT_POLL_MS);
    this.exited = new Promise((resolve) =>
      this.term.onExit(({ exitCode, signal }) => {
        clearInterval(watch);
        closeSync(this.slaveFd);
        resolve({ exitCode, signal: signal || undefined });
      }),
    );
  }

  get pid(): number {
    return this.term.pid;
  }

  // The slave device (/dev/pts/N): where the child's terminal settings can be read.
  get slavePath(): string {
    return this.term.ptsName;
  }

  write(data: string | Buffer): void {
    this.term.write(data);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  // Stops reading output while our own stdout cannot take more: the child then blocks, as on a real terminal.
  pause(): void {
    this.paused = true;
    this.term.pause();
  }

  resume(): void {
    this.paused = false;
    this.term.resume();
  }

  kill(signal: NodeJS.Signals = 'SIGHUP'): void {
    try {
      this.term.kill(signal);
    } catch {
      // Already gone.
    }
  }

  private closeWhenDrained(): void {
    const internals = this.term as unknown as NodePtyInternals;
    if (!internals._boundClose || this.paused || Date.now() - this.lastDataAt < DRAIN_QUIET_MS)
      return;
    internals._socket.destroy();
  }
}
