import { AnyEvent, encodeBatch } from '@backtrack/events';
import { PendingBatch } from './batch-sender';

export interface BatchLimits {
  maxEvents: number;
  // Estimated from the text carried: output is at most 128 KiB per event, so even worst-case JSON escaping keeps a
  // batch far under the 8 MiB batch limit.
  maxBytes: number;
  // How long the first event of a batch may wait for company: the price in live-follow latency.
  lingerMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxEvents: 500,
  maxBytes: 1024 * 1024,
  lingerMs: 20,
};

// Groups a session's events into encoded batches, in seq order.
export class EventBatcher {
  private events: AnyEvent[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessionId: string,
    private readonly onBatch: (batch: PendingBatch) => void,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  add(event: AnyEvent): void {
    this.events.push(event);
    this.bytes += estimateBytes(event);
    if (this.events.length >= this.limits.maxEvents || this.bytes >= this.limits.maxBytes)
      this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.lingerMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    this.bytes = 0;
    this.onBatch({
      body: encodeBatch({ sessionId: this.sessionId, events }),
      events: events.length,
    });
  }
}

function estimateBytes(event: AnyEvent): number {
  const payload = event.payload as { data?: unknown };
  const payloadSize =
    typeof payload.data === 'string' ? payload.data.length : JSON.stringify(event.payload).length;
  return 256 + payloadSize + (event.context ? JSON.stringify(event.context).length : 0);
}
