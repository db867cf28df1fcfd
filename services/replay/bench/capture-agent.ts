import {
  AnyEvent,
  BATCH_CONTENT_TYPE,
  createEvent,
  encodeBatch,
  EventType,
  PayloadInput,
  uuidv7,
} from '@backtrack/events';
import { Histogram } from './histogram';

export interface AgentOptions {
  gatewayUrl: string;
  token: string;
  user: string;
  // terminal.output events a second, made one by one as they are due.
  rate: number;
  // How long the first event of a batch waits for company, as the recorder's batcher does (20 ms there).
  lingerMs: number;
  // Batches that queued up behind a slow POST go out together in the next one (up to the recorder's 500 events);
  // false: one POST per batch, as the recorder's sender does today.
  coalesce: boolean;
}

const MAX_BATCH_EVENTS = 500;

const context = { repo: 'backtrack', branch: 'main', cwd: '/home/ada/src/backtrack' };

// The bench's capture agent: one live session whose output it makes at a steady rate and POSTs to the gateway's
// ingest endpoint in batches, one request at a time, as `backtrack record` does. Each event's `at` is when it was made.
export class CaptureAgent {
  readonly sessionId = uuidv7();
  // Per seq: when the event was made (its `at`) and when the POST carrying it started.
  readonly madeAt: number[] = [];
  readonly sentAt: number[] = [];
  // Each POST's round trip.
  readonly ingest = new Histogram();
  made = 0;
  posted = 0;
  batches = 0;
  private seq = 0;
  private pending: AnyEvent[] = [];
  private queue: AnyEvent[][] = [];
  private sending: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(private readonly options: AgentOptions) {}

  get lastSeq(): number {
    return this.seq;
  }

  // The session's first event, so the session exists (and has an owner) before anyone follows it.
  async startSession(): Promise<void> {
    await this.post([
      this.event('session.started', {
        source: 'terminal',
        agent: { name: 'fanout-bench', version: '0.1.0' },
        cols: 120,
        rows: 30,
        shell: '/bin/bash',
        term: 'xterm-256color',
      }),
    ]);
  }

  // Makes output at the rate for `seconds`, then sends what is left; progress() is called about once a second.
  async produce(seconds: number, progress: (elapsedMs: number) => void): Promise<number> {
    const started = performance.now();
    let lastProgress = started;
    let pendingSince = 0;
    await new Promise<void>((resolve, reject) => {
      const tick = setInterval(() => {
        if (this.failure) {
          clearInterval(tick);
          return reject(this.failure);
        }
        const now = performance.now();
        const elapsed = Math.min(now - started, seconds * 1000);
        const due = Math.floor((elapsed * this.options.rate) / 1000);
        while (this.made < due) {
          if (this.pending.length === 0) pendingSince = now;
          this.pending.push(this.output());
        }
        if (this.pending.length > 0 && now - pendingSince >= this.options.lingerMs) this.flush();
        if (now - lastProgress >= 1000) {
          lastProgress = now;
          progress(now - started);
        }
        if (elapsed >= seconds * 1000) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    this.flush();
    await this.drained();
    return performance.now() - started;
  }

  async endSession(): Promise<void> {
    await this.post([this.event('session.ended', { exitCode: 0, reason: 'exited' })]);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.queue.push(this.pending);
    this.pending = [];
    this.sending ??= this.sendQueued().finally(() => (this.sending = undefined));
  }

  private async sendQueued(): Promise<void> {
    try {
      for (let batch = this.nextBatch(); batch.length > 0; batch = this.nextBatch())
        await this.post(batch);
    } catch (error) {
      this.failure = error as Error;
    }
  }

  private nextBatch(): AnyEvent[] {
    const batch = this.queue.shift() ?? [];
    while (
      this.options.coalesce &&
      this.queue.length > 0 &&
      batch.length + this.queue[0]!.length <= MAX_BATCH_EVENTS
    )
      batch.push(...this.queue.shift()!);
    return batch;
  }

  private async drained(): Promise<void> {
    while (this.sending) await this.sending;
    if (this.failure) throw this.failure;
  }

  private async post(events: AnyEvent[]): Promise<void> {
    const sent = performance.now();
    const sentAt = Date.now();
    for (const event of events) this.sentAt[event.seq] = sentAt;
    const response = await fetch(`${this.options.gatewayUrl}/api/v1/ingest`, {
      method: 'POST',
      headers: {
        'content-type': BATCH_CONTENT_TYPE,
        authorization: `Bearer ${this.options.token}`,
      },
      // A plain Uint8Array fits both Node's and the DOM's fetch typings.
      body: new Uint8Array(encodeBatch({ sessionId: this.sessionId, events })),
    });
    const answer = await response.text();
    if (response.status !== 202)
      throw new Error(`the gateway refused a batch: ${response.status} ${answer}`);
    this.ingest.record(performance.now() - sent);
    this.posted += events.length;
    this.batches++;
  }

  private output(): AnyEvent {
    this.made++;
    const n = this.seq + 1;
    return this.event('terminal.output', {
      data: `\x1b[32m✓\x1b[0m src/modules/module-${n}.ts compiled in ${n % 97} ms\r\n`,
    });
  }

  private event<T extends EventType>(type: T, payload: PayloadInput<T>): AnyEvent {
    this.seq++;
    const at = Date.now();
    this.madeAt[this.seq] = at;
    return createEvent({
      sessionId: this.sessionId,
      seq: this.seq,
      type,
      payload,
      at,
      actor: { user: this.options.user, host: 'bench' },
      context,
    });
  }
}
