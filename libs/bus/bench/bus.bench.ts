// npm run bench:bus — 1,000,000 small events from 1,000 sessions through each adapter; prints events/s and
// publish-to-consume latency. Figures are printed, never asserted. Flags: --events N --adapters embedded,rabbitmq,kafka
import { createEvent, EventBatch } from '@backtrack/events';
import { performance } from 'node:perf_hooks';
import { createBus, EventBus } from '../src';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const TOTAL = Number(arg('events', '1000000'));
const SESSIONS = 1000;
const BATCH = Number(arg('batch', '250'));
const ADAPTERS = arg('adapters', 'embedded,rabbitmq,kafka').split(',');
const URLS: Record<string, string> = {
  embedded: 'memory://',
  rabbitmq: process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
  kafka: `kafka://${process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'}`,
};

function makeBatches(): EventBatch[] {
  const perSession = TOTAL / SESSIONS;
  const actor = { user: 'bench', host: 'bench-host' };
  const context = { repo: 'backtrack', branch: 'main', cwd: '/home/bench/backtrack' };
  const batches: EventBatch[] = [];
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = `bench-${s}`;
    for (let first = 1; first <= perSession; first += BATCH) {
      const events = [];
      for (let seq = first; seq < first + BATCH && seq <= perSession; seq++) {
        const data = `\u001b[32m${seq}\u001b[0m ${'x'.repeat(16)} build step ${seq} of session ${s}\r\n`;
        events.push(
          createEvent({
            sessionId,
            seq,
            type: 'terminal.output',
            payload: { data },
            actor,
            context,
          }),
        );
      }
      batches.push({ sessionId, events });
    }
  }
  // Interleave sessions the way many agents publishing at once would.
  return batches.sort((a, b) => a.events[0]!.seq - b.events[0]!.seq);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(bus: EventBus, batches: EventBatch[], paceEventsPerSec?: number) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let consumed = 0;
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  let done!: () => void;
  const allConsumed = new Promise<void>((resolve) => (done = resolve));
  const subscription = await bus.subscribe({ group: 'bench', prefetch: 64 }, async ({ batch }) => {
    const key = `${batch.sessionId}:${batch.events[0]!.seq}`;
    latencies.push(performance.now() - (sentAt.get(key) ?? NaN));
    consumed += batch.events.length;
    if (consumed >= events) done();
  });
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  let published = 0;
  for (const batch of batches) {
    if (paceEventsPerSec) {
      const due = start + (published / paceEventsPerSec) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    sentAt.set(`${batch.sessionId}:${batch.events[0]!.seq}`, performance.now());
    const p = bus.publish(batch).finally(() => inFlight.delete(p));
    inFlight.add(p);
    published += batch.events.length;
    if (inFlight.size >= 256) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const publishedMs = performance.now() - start;
  await allConsumed;
  const totalMs = performance.now() - start;
  await subscription.close();
  latencies.sort((a, b) => a - b);
  return {
    events,
    publishedMs,
    totalMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function main() {
  process.stdout.write(`bench:bus — ${TOTAL} events, ${SESSIONS} sessions, batches of ${BATCH}\n`);
  const t0 = performance.now();
  const batches = makeBatches();
  const bytes = batches.reduce(
    (n, b) => n + b.events.reduce((m, e) => m + JSON.stringify(e).length, 0),
    0,
  );
  process.stdout.write(
    `generated ${batches.length} batches, ~${Math.round(bytes / TOTAL)} bytes/event in ${Math.round(performance.now() - t0)} ms\n\n`,
  );
  const rows: string[] = [];
  for (const adapter of ADAPTERS) {
    const namespace = `bench-${Date.now().toString(36)}`;
    const bus = await createBus(URLS[adapter]!, { namespace });
    try {
      const full = await run(bus, batches);
      const rate = full.events / (full.totalMs / 1000);
      const halfRate = Math.min(rate / 2, 50_000);
      const paced = await run(bus, batches.slice(0, Math.ceil(batches.length / 4)), halfRate);
      rows.push(
        `${adapter.padEnd(9)} ${Math.round(rate).toLocaleString('en').padStart(10)} ev/s  ` +
          `(publish ${Math.round(full.events / (full.publishedMs / 1000)).toLocaleString('en')} ev/s)  ` +
          `latency at ${Math.round(halfRate).toLocaleString('en')} ev/s: p50 ${paced.p50.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms`,
      );
      process.stdout.write(rows[rows.length - 1] + '\n');
    } finally {
      await bus.close();
    }
  }
  process.stdout.write(
    `\nadapter   throughput              latency (publish -> consume)\n${rows.join('\n')}\n`,
  );
  process.stdout.write(
    'targets: >= 100,000 ev/s through RabbitMQ and Kafka; p99 < 50 ms at half that load\n',
  );
}

main().catch((error) => {
  process.stderr.write(`bench:bus failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
