// Prints how one replay instance fans a live session out: `npm run bench:fanout`.
// FOLLOWERS in-process clients follow one session while BATCHES batches of BATCH_EVENTS terminal lines are
// published on the embedded bus at RATE batches a second; the figures are the time from publish to the last
// follower, whether the instance kept up with the rate, and what it held in memory.
import { EmbeddedBus } from '@backtrack/bus';
import { AnyEvent, createEvent } from '@backtrack/events';
import { testing } from '@backtrack/store';
import { LiveHubs } from '../src/fan-out/live-hubs';

const FOLLOWERS = Number(process.env['BENCH_FOLLOWERS'] ?? 1000);
const BATCHES = Number(process.env['BENCH_BATCHES'] ?? 2000);
const BATCH_EVENTS = Number(process.env['BENCH_BATCH_EVENTS'] ?? 20);
// Batches a second, as a busy terminal sends them (the agent flushes every few ms under load).
const RATE = Number(process.env['BENCH_RATE'] ?? 200);

const actor = { user: 'ada', host: 'bench' };

function batch(sessionId: string, index: number): AnyEvent[] {
  return Array.from({ length: BATCH_EVENTS }, (_, i) => {
    const seq = index * BATCH_EVENTS + i + 1;
    return createEvent({
      sessionId,
      seq,
      type: 'terminal.output',
      payload: { data: `\x1b[32m✓\x1b[0m compiled module ${seq} in ${seq % 97}ms\r\n` },
      actor,
      at: Date.UTC(2025, 0, 7) + seq * 10,
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const db = await testing.createTestDatabase({ poolSize: 2 });
  const bus = new EmbeddedBus();
  const hubs = await LiveHubs.start(db.dataSource, bus, {
    instanceId: 'bench',
    log: () => undefined,
  });
  try {
    const sessionId = `bench-fanout-${Date.now().toString(36)}`;
    const lastSeq = BATCHES * BATCH_EVENTS;
    const publishedAt = new Map<number, bigint>();
    const latencies: number[] = [];
    const receivedBy = new Map<number, number>(); // last seq of a batch -> followers that have it
    let done!: () => void;
    const allDone = new Promise<void>((resolve) => (done = resolve));
    for (let i = 0; i < FOLLOWERS; i++) {
      await hubs.follow(
        sessionId,
        {
          send: async (text) => {
            // The last seq of an events message is in its last few hundred characters: no need to parse it all.
            const match = [...text.slice(-400).matchAll(/"seq":(\d+)/g)].at(-1);
            if (!match) return;
            const seq = Number(match[1]);
            const count = (receivedBy.get(seq) ?? 0) + 1;
            receivedBy.set(seq, count);
            if (count === FOLLOWERS && publishedAt.has(seq)) {
              latencies.push(Number(process.hrtime.bigint() - publishedAt.get(seq)!) / 1e6);
              if (seq === lastSeq) done();
            }
          },
        },
        { after: 0 },
      );
    }
    let mostBuffered = 0;
    const started = process.hrtime.bigint();
    for (let index = 0; index < BATCHES; index++) {
      const events = batch(sessionId, index);
      publishedAt.set(events[events.length - 1]!.seq, process.hrtime.bigint());
      await bus.publish({ sessionId, events });
      mostBuffered = Math.max(mostBuffered, hubs.stats().bufferedBytes);
      const due = started + BigInt(Math.round(((index + 1) * 1e9) / RATE));
      const wait = Number(due - process.hrtime.bigint()) / 1e6;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await allDone;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    console.log(
      `${FOLLOWERS} followers x ${lastSeq.toLocaleString()} events in ${BATCHES} batches offered at ${RATE}/s: ` +
        `${seconds.toFixed(1)} s (${(BATCHES / RATE).toFixed(1)} s if it kept up), ` +
        `${Math.round((lastSeq * FOLLOWERS) / seconds).toLocaleString()} event deliveries/s`,
    );
    console.log(
      `publish -> last follower: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
        `max ${latencies[latencies.length - 1]!.toFixed(1)} ms; ` +
        `most held for followers at once ${(mostBuffered / 1024).toFixed(0)} KiB`,
    );
  } finally {
    await hubs.close();
    await bus.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
