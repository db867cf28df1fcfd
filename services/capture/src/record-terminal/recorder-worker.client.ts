import { Worker } from 'node:worker_threads';
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

// The main thread's handle on the recorder worker.
export class RecorderWorker {
  private readonly worker: Worker;
  private readonly outcome: Promise<RecordingOutcome>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private postedBytes = 0;
  private processedBytes = 0;
  private readonly caughtUpWaiters: Array<() => void> = [];
  private stopped = false;
  private pendingAt = 0;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(options: PipelineOptions) {
    this.worker = new Worker(workerSource(), { eval: true, workerData: options });
    this.outcome = new Promise((resolve) => {
      this.worker.on('message', (message: FromRecorder) => {
        if (message.kind === 'processed') this.onProcessed(message.bytes);
        else
          resolve(
            message.kind === 'ended'
              ? { ok: true, summary: message.summary }
              : { ok: false, message: message.message },
          );
      });
      this.worker.on('error', (error) => resolve({ ok: false, message: error.message }));
      this.worker.on('exit', () =>
        resolve({ ok: false, message: 'the recorder stopped unexpectedly' }),
      );
    });
    void this.outcome.then(() => {
      this.stopped = true;
      for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
    });
  }

  start(session: SessionStart, at = Date.now()): void {
    this.post({ kind: 'start', session, at });
  }

  printed(data: Buffer, at = Date.now()): void {
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
    this.post({ kind: 'end', exitCode, reason, at });
    const outcome = await this.outcome;
    await this.worker.terminate();
    return outcome;
  }

  private flushOutput(): void {
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
    this.worker.postMessage({ kind: 'output', data, at: this.pendingAt } satisfies ToRecorder, [
      data.buffer,
    ]);
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
    this.worker.postMessage(message);
  }
}

// The worker runs the compiled .js next to this file; from sources (no build), it registers the TypeScript loader first.
function workerSource(): string {
  const entry = require.resolve('./recorder.worker');
  if (!entry.endsWith('.ts')) return `require(${JSON.stringify(entry)});`;
  const register = require.resolve('@swc-node/register');
  return `require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`;
}
