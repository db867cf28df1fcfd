import { Worker } from 'node:worker_threads';
import { GitReading, GitReadingsAtMarks } from './git-readings';
import { FromRecorder, ToRecorder } from './recorder-messages';
import { PipelineOptions, RecordingSummary } from './recording-pipeline';
import { SessionStart } from './session-recorder';

export type RecordingOutcome =
  { ok: true; summary: RecordingSummary } | { ok: false; message: string };

// Output is posted in pieces of up to 64 KiB, or after 2 ms: the hot path costs one copy per chunk and a message
// per piece, and the recorder's own 5 ms coalescing hides the delay.
const POST_AT_BYTES = 64 * 1024;
const POST_AFTER_MS = 2;
// Output the worker may have yet to process before the terminal waits for it.
const MAX_BEHIND_BYTES = 64 * 1024 * 1024;

// How the main thread talks to the recorder. A worker thread in production; a spec can hold messages back to play
// a recorder that has fallen behind the terminal.
export interface RecorderChannel {
  send(message: ToRecorder, transfer?: ArrayBuffer[]): void;
  // Also told when the recorder fails or stops unexpectedly.
  onReply(handler: (message: FromRecorder) => void): void;
  close(): Promise<void>;
}

// The main thread's handle on the recorder worker. It sees the terminal's output first, so it is the one that reads
// git when a shell mark goes by: the worker may reach that mark much later, after HEAD has moved.
export class RecorderWorker {
  private readonly channel: RecorderChannel;
  private readonly git: GitReadingsAtMarks;
  private readonly outcome: Promise<RecordingOutcome>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private postedBytes = 0;
  private processedBytes = 0;
  private readonly caughtUpWaiters: Array<() => void> = [];
  private stopped = false;
  private pendingAt = 0;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(options: PipelineOptions, channel: RecorderChannel = workerChannel(options)) {
    this.channel = channel;
    this.git = new GitReadingsAtMarks(options.nonce);
    this.outcome = new Promise((resolve) => {
      channel.onReply((message) => {
        if (message.kind === 'processed') this.onProcessed(message.bytes);
        else
          resolve(
            message.kind === 'ended'
              ? { ok: true, summary: message.summary }
              : { ok: false, message: message.message },
          );
      });
    });
    void this.outcome.then(() => {
      this.stopped = true;
      for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
    });
  }

  start(session: SessionStart, at = Date.now()): void {
    this.post({ kind: 'start', session, at, git: this.git.start(session.cwd, at) });
  }

  printed(data: Buffer, at = Date.now()): void {
    const git = this.git.printed(data, at);
    if (git) return this.postAlone(data, at, git);
    if (this.pending.length === 0) this.pendingAt = at;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= POST_AT_BYTES) this.flushOutput();
    else this.flushTimer ??= setTimeout(() => this.flushOutput(), POST_AFTER_MS);
  }

  typed(data: Buffer, at = Date.now()): void {
    this.flushOutput();
    this.post({ kind: 'input', data: new Uint8Array(data), at });
  }

  resize(cols: number, rows: number, at = Date.now()): void {
    this.flushOutput();
    this.post({ kind: 'resize', cols, rows, at });
  }

  async end(
    exitCode: number | null,
    reason: 'exited' | 'signal',
    at = Date.now(),
  ): Promise<RecordingOutcome> {
    this.flushOutput();
    this.post({ kind: 'end', exitCode, reason, at, git: this.git.current(at) });
    const outcome = await this.outcome;
    await this.channel.close();
    return outcome;
  }

  // A chunk with shell marks goes on its own, so its git readings and time belong to its marks and nothing else.
  private postAlone(data: Buffer, at: number, git: GitReading[]): void {
    this.flushOutput();
    this.pending.push(data);
    this.pendingBytes = data.length;
    this.pendingAt = at;
    this.flushOutput(git);
  }

  private flushOutput(git?: GitReading[]): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    // One copy into memory of exactly this size, which is then handed to the worker rather than copied again.
    const data = new Uint8Array(this.pending.reduce((size, chunk) => size + chunk.length, 0));
    let offset = 0;
    for (const chunk of this.pending) {
      data.set(chunk, offset);
      offset += chunk.length;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.postedBytes += data.byteLength;
    const message: ToRecorder = {
      kind: 'output',
      data,
      at: this.pendingAt,
      ...(git ? { git } : {}),
    };
    this.channel.send(message, [data.buffer]);
  }

  // True when the worker is so far behind that the terminal should wait: memory stays bounded on endless output.
  get isFarBehind(): boolean {
    return (
      !this.stopped && this.postedBytes + this.pendingBytes - this.processedBytes > MAX_BEHIND_BYTES
    );
  }

  // Resolves once the worker is back within reach (or has stopped, and so will never catch up).
  caughtUp(): Promise<void> {
    if (!this.isFarBehind || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  private onProcessed(bytes: number): void {
    this.processedBytes = bytes;
    if (!this.isFarBehind) for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
  }

  private post(message: ToRecorder): void {
    this.channel.send(message);
  }
}

function workerChannel(options: PipelineOptions): RecorderChannel {
  const worker = new Worker(workerSource(), { eval: true, workerData: options });
  return {
    send: (message, transfer) => worker.postMessage(message, transfer),
    onReply: (handler) => {
      worker.on('message', handler);
      worker.on('error', (error) => handler({ kind: 'failed', message: error.message }));
      worker.on('exit', () =>
        handler({ kind: 'failed', message: 'the recorder stopped unexpectedly' }),
      );
    },
    close: async () => void (await worker.terminate()),
  };
}

// The worker runs the compiled .js next to this file; from sources (no build), it registers the TypeScript loader first.
function workerSource(): string {
  const entry = require.resolve('./recorder.worker');
  if (!entry.endsWith('.ts')) return `require(${JSON.stringify(entry)});`;
  const register = require.resolve('@swc-node/register');
  return `require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`;
}
