import { WriteStream } from 'node:tty';

export interface TerminalSize {
  cols: number;
  rows: number;
}

// The user's side of the recording: raw keys in, the child's bytes out, size changes. Also works on pipes and files.
export class TerminalIo {
  private readonly sized: WriteStream | undefined;
  private rawModeSet = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly stdin: NodeJS.ReadStream = process.stdin,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
  ) {
    this.sized = [stdout, process.stderr].find((stream): stream is WriteStream =>
      Boolean(stream.isTTY),
    );
  }

  size(): TerminalSize {
    if (this.sized?.columns && this.sized.rows)
      return { cols: this.sized.columns, rows: this.sized.rows };
    return {
      cols: positiveInt(process.env['COLUMNS']) ?? 80,
      rows: positiveInt(process.env['LINES']) ?? 24,
    };
  }

  get inputIsTerminal(): boolean {
    return Boolean(this.stdin.isTTY);
  }

  // Keys go to the child as typed (raw mode); the end of piped input is passed on as ^D.
  readInput(onData: (data: Buffer) => void, onEnd: () => void): void {
    if (this.stdin.isTTY) {
      this.stdin.setRawMode(true);
      this.rawModeSet = true;
      // However backtrack ends, the user's terminal must not stay in raw mode.
      const leaveRawMode = () => this.rawModeSet && this.stdin.setRawMode(false);
      process.once('exit', leaveRawMode);
      this.cleanups.push(() => process.off('exit', leaveRawMode));
    }
    this.stdin.on('data', onData);
    this.stdin.once('end', onEnd);
    this.stdin.resume();
    this.cleanups.push(() => {
      this.stdin.off('data', onData);
      this.stdin.off('end', onEnd);
    });
  }

  onResize(handler: (size: TerminalSize) => void): void {
    if (!this.sized) return;
    const listener = () => handler(this.size());
    this.sized.on('resize', listener);
    this.cleanups.push(() => this.sized?.off('resize', listener));
  }

  // False: stdout is full; wait for onceDrained before writing more.
  write(data: Buffer): boolean {
    return this.stdout.write(data);
  }

  onceDrained(handler: () => void): void {
    this.stdout.once('drain', handler);
  }

  restore(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.rawModeSet) this.stdin.setRawMode(false);
    this.rawModeSet = false;
    this.stdin.pause();
  }
}

function positiveInt(text: string | undefined): number | undefined {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
