import { SessionSpool } from '../spool/session-spool';
import { drainSpool } from '../spool/drain-spool';
import { EventSink } from './event-sink';

export interface PendingBatch {
  body: Buffer;
  events: number;
}

export interface SenderOptions {
  // A send still unanswered after this long counts as a slow sink: later batches go to the spool meanwhile.
  slowAfterMs: number;
  // Batches waiting in memory beyond this many bytes go to the spool.
  maxQueuedBytes: number;
  retryMinMs: number;
  retryMaxMs: number;
}

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
  slowAfterMs: 2_000,
  maxQueuedBytes: 8 * 1024 * 1024,
  retryMinMs: 250,
  retryMaxMs: 30_000,
};

export interface DeliverySummary {
  delivered: number;
  spooled: number;
  lastError: string | undefined;
}

type Outcome = 'ok' | 'failed' | 'deadline';

interface Flight {
  batch: PendingBatch;
  spoolEnd?: number;
}

// Delivers a session's batches in order in the background. While the sink keeps up, batches go straight from memory;
// when it fails or lags, they are appended to the spool and sent from there, with backoff, until it has caught up.
// Invariant: in direct mode the spool holds nothing unsent, so order is always spool first, then memory.
export class BatchSender {
  private mode: 'direct' | 'spool';
  private queue: PendingBatch[] = [];
  private queuedBytes = 0;
  private inFlight: Flight | undefined;
  private readonly spooledEvents: Array<{ end: number; events: number }> = [];
  private delivered = 0;
  private closing = false;
  private lastError: string | undefined;
  private retryMs: number;
  private wakeUp: () => void = () => undefined;
  private reachDeadline: (outcome: 'deadline') => void = () => undefined;
  private readonly deadline = new Promise<'deadline'>((resolve) => (this.reachDeadline = resolve));
  private deadlinePassed = false;
  private requestClose: () => void = () => undefined;
  private readonly closeRequested = new Promise<void>((resolve) => (this.requestClose = resolve));
  private readonly running: Promise<void>;

  constructor(
    private readonly sessionId: string,
    private readonly sink: EventSink | undefined,
    private readonly spool: SessionSpool,
    private readonly options: SenderOptions = DEFAULT_SENDER_OPTIONS,
  ) {
    this.mode = sink ? 'direct' : 'spool';
    this.retryMs = options.retryMinMs;
    this.running = this.run();
  }

  enqueue(batch: PendingBatch): void {
    if (this.mode === 'spool') {
      this.appendToSpool([batch]);
    } else {
      this.queue.push(batch);
      this.queuedBytes += batch.body.length;
      if (this.queuedBytes > this.options.maxQueuedBytes) this.degrade();
    }
    this.wakeUp();
  }

  // Keeps delivering for up to graceMs, then spools whatever is left and makes the spool durable.
  async close(graceMs: number): Promise<DeliverySummary> {
    this.closing = true;
    this.requestClose();
    const timer = setTimeout(() => {
      this.deadlinePassed = true;
      this.reachDeadline('deadline');
    }, graceMs);
    this.wakeUp();
    await this.running;
    clearTimeout(timer);
    this.degrade();
    await this.spool.close();
    const spooled = this.spooledEvents.reduce((sum, line) => sum + line.events, 0);
    return { delivered: this.delivered, spooled, lastError: this.lastError };
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.closing && (this.deadlinePassed || !this.sink || this.nothingLeft())) return;
      if (this.mode === 'direct' && this.queue.length > 0) {
        await this.sendHead();
      } else if (this.mode === 'spool' && this.sink && this.spool.hasUnsent) {
        await this.sendSpooled();
      } else if (this.mode === 'spool' && this.sink) {
        this.mode = 'direct';
      } else {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
      }
    }
  }

  private async sendHead(): Promise<void> {
    const flight: Flight = { batch: this.queue.shift()! };
    this.queuedBytes -= flight.batch.body.length;
    this.inFlight = flight;
    const slow = setTimeout(() => this.degrade(), this.options.slowAfterMs);
    const outcome = await this.attempt(flight.batch.body);
    clearTimeout(slow);
    if (outcome === 'ok') {
      this.inFlight = undefined;
      if (flight.spoolEnd === undefined) this.delivered += flight.batch.events;
      else await this.confirmSpooled(flight.spoolEnd);
      return;
    }
    this.degrade();
    this.inFlight = undefined;
    if (outcome === 'failed') await this.backoff();
  }

  private async sendSpooled(): Promise<void> {
    let outcome = 'ok' as Outcome;
    await drainSpool(
      this.spool,
      async (body) => (outcome = await this.attempt(body)) === 'ok',
      (end) => this.confirmDelivered(end),
    );
    if (outcome === 'failed') await this.backoff();
  }

  private async attempt(body: Buffer): Promise<Outcome> {
    const sending = this.sink!.deliver(this.sessionId, body).then(
      (): Outcome => {
        this.retryMs = this.options.retryMinMs;
        return 'ok';
      },
      (error: Error): Outcome => {
        this.lastError = error.message;
        return 'failed';
      },
    );
    return Promise.race([sending, this.deadline]);
  }

  // Moves the unspooled in-flight batch and everything queued behind it to the spool, keeping their order.
  private degrade(): void {
    const flight =
      this.inFlight && this.inFlight.spoolEnd === undefined ? this.inFlight : undefined;
    this.mode = 'spool';
    const batches = [...(flight ? [flight.batch] : []), ...this.queue];
    this.queue = [];
    this.queuedBytes = 0;
    if (batches.length === 0) return;
    const ends = this.appendToSpool(batches);
    if (flight) flight.spoolEnd = ends[0];
  }

  private appendToSpool(batches: PendingBatch[]): number[] {
    const { ends, written } = this.spool.append(batches.map((batch) => batch.body));
    batches.forEach((batch, i) => this.spooledEvents.push({ end: ends[i]!, events: batch.events }));
    written.catch((error: Error) => (this.lastError = error.message));
    return ends;
  }

  // The in-flight batch was spooled while its send was pending and then succeeded: it is the first unsent line.
  private async confirmSpooled(end: number): Promise<void> {
    await this.spool.flush().catch(() => undefined);
    await this.spool.markSent(end);
    this.confirmDelivered(end);
  }

  private confirmDelivered(end: number): void {
    while (this.spooledEvents.length > 0 && this.spooledEvents[0]!.end <= end)
      this.delivered += this.spooledEvents.shift()!.events;
  }

  private nothingLeft(): boolean {
    return this.queue.length === 0 && !this.inFlight && !this.spool.hasUnsent;
  }

  // Closing: a failure ends delivery at once instead of waiting out the grace period.
  private async backoff(): Promise<void> {
    if (this.closing) {
      this.deadlinePassed = true;
      return;
    }
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMaxMs);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => (timer = setTimeout(resolve, wait))),
      this.closeRequested,
    ]);
    clearTimeout(timer);
  }
}
