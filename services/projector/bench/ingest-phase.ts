import { performance } from 'node:perf_hooks';
import { EventBus } from '@backtrack/bus';
import { DataSource } from 'typeorm';
import { IngestWorkload } from './ingest-workload';
import { publishAgentBatches } from './publish-batches';
import { percentile, reachedAt, StoreWatcher } from './store-watcher';

export interface PhaseOptions {
  label: string;
  concurrency: number;
  pollMs: number;
  // Publish at this rate; without it, as fast as the broker takes batches.
  eventsPerSecond?: number;
  print: (line: string) => void;
  signal: AbortSignal;
}

export interface PhaseResult {
  events: number;
  seconds: number;
  // First publish to the last event stored.
  rate: number;
  // From 10% to 90% stored: without the start and the tail.
  steadyRate: number;
  publishRate: number;
  lagP50: number;
  lagP99: number;
}

// Publishes a workload and waits until the projector has stored all of it.
export async function runPhase(
  bus: EventBus,
  dataSource: DataSource,
  work: IngestWorkload,
  options: PhaseOptions,
): Promise<PhaseResult> {
  const publishFailed = new AbortController();
  const signal = AbortSignal.any([options.signal, publishFailed.signal]);
  let published = 0;
  const watcher = new StoreWatcher(dataSource, {
    sessionPrefix: work.sessionPrefix,
    total: work.events,
    intervalMs: options.pollMs,
    progressEveryMs: 5_000,
    onProgress: (stored, rate) =>
      options.print(
        `  ${options.label}: ${count(stored)}/${count(work.events)} stored ` +
          `(${Math.floor((100 * stored) / work.events)}%), ${count(rate)} events/s, ${count(published)} published`,
      ),
    stallMs: 60_000,
    signal,
  });
  const started = performance.now();
  const watching = watcher.untilAllStored();
  watching.catch(() => undefined); // awaited below, after a publish failure has been reported
  try {
    await publishAgentBatches(bus, work.sessions, {
      concurrency: options.concurrency,
      ...(options.eventsPerSecond ? { eventsPerSecond: options.eventsPerSecond } : {}),
      onPublish: (batch, at) => {
        published += batch.events;
        watcher.published(batch.sessionId, batch.lastSeq, at);
      },
      signal,
    });
  } catch (error) {
    publishFailed.abort();
    throw error;
  }
  const publishedAt = performance.now();
  const timeline = await watching;
  const seconds = (timeline.samples[timeline.samples.length - 1]!.at - started) / 1000;
  const steadyMs = reachedAt(timeline, work.events, 0.9) - reachedAt(timeline, work.events, 0.1);
  return {
    events: work.events,
    seconds,
    rate: work.events / seconds,
    steadyRate: (0.8 * work.events) / (steadyMs / 1000),
    publishRate: work.events / ((publishedAt - started) / 1000),
    lagP50: percentile(timeline.lags, 50),
    lagP99: percentile(timeline.lags, 99),
  };
}

// What the run left behind besides figures: every event stored once, nothing dead-lettered.
export async function storedProblems(
  dataSource: DataSource,
  expected: number,
): Promise<string | undefined> {
  const [{ events, letters }] = await dataSource.query(
    'SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM dead_letters)::int AS letters',
  );
  if (events === expected && letters === 0) return undefined;
  return `${count(events)} events stored (expected ${count(expected)}), ${count(letters)} dead letters`;
}

export const count = (value: number) => Math.round(value).toLocaleString('en');
