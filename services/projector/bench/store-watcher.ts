import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';

export interface WatchOptions {
  // Only sessions whose id starts with this are this phase's.
  sessionPrefix: string;
  total: number;
  intervalMs: number;
  progressEveryMs: number;
  onProgress: (stored: number, ratePerSecond: number) => void;
  // Give up when nothing more is stored for this long.
  stallMs: number;
  signal: AbortSignal;
}

export interface StoredTimeline {
  // performance.now() of the poll that first saw the events stored.
  samples: Array<{ at: number; stored: number }>;
  // Publish start to the first poll that saw the batch's last event stored, in ms.
  lags: number[];
}

// Watches the projection's checkpoint (sessions.last_seq, committed with the events) rather than counting events:
// a scan of a few thousand rows, cheap enough to repeat every few dozen milliseconds.
export class StoreWatcher {
  private readonly pending = new Map<string, Array<{ lastSeq: number; publishedAt: number }>>();
  private readonly lags: number[] = [];
  private readonly samples: Array<{ at: number; stored: number }> = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: WatchOptions,
  ) {}

  published(sessionId: string, lastSeq: number, at: number): void {
    const list = this.pending.get(sessionId) ?? [];
    list.push({ lastSeq, publishedAt: at });
    this.pending.set(sessionId, list);
  }

  async untilAllStored(): Promise<StoredTimeline> {
    const { total, intervalMs, signal } = this.options;
    let stored = 0;
    let changedAt = performance.now();
    let progressAt = changedAt;
    let progressStored = 0;
    while (stored < total) {
      if (signal.aborted) throw new Error('interrupted');
      // The snapshot is taken when the query starts: whatever it sees was stored before `at`.
      const at = performance.now();
      const rows: Array<{ session_id: string; last_seq: number }> = await this.dataSource.query(
        'SELECT session_id, last_seq FROM sessions WHERE starts_with(session_id, $1)',
        [this.options.sessionPrefix],
      );
      const now = this.observe(rows, at);
      if (now !== stored) changedAt = at;
      stored = now;
      this.samples.push({ at, stored });
      if (at - progressAt >= this.options.progressEveryMs) {
        this.options.onProgress(stored, ((stored - progressStored) * 1000) / (at - progressAt));
        progressAt = at;
        progressStored = stored;
      }
      if (at - changedAt > this.options.stallMs)
        throw new Error(
          `nothing stored for ${this.options.stallMs / 1000} s at ${stored}/${total} events`,
        );
      if (stored < total) await sleep(intervalMs - (performance.now() - at));
    }
    return { samples: this.samples, lags: this.lags };
  }

  private observe(rows: Array<{ session_id: string; last_seq: number }>, at: number): number {
    let stored = 0;
    for (const { session_id, last_seq } of rows) {
      stored += last_seq;
      const list = this.pending.get(session_id);
      while (list && list.length > 0 && list[0]!.lastSeq <= last_seq)
        this.lags.push(at - list.shift()!.publishedAt);
    }
    return stored;
  }
}

// When the stored count first reached `fraction` of the total, in performance.now() ms.
export function reachedAt(timeline: StoredTimeline, total: number, fraction: number): number {
  return timeline.samples.find((sample) => sample.stored >= fraction * total)?.at ?? NaN;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
