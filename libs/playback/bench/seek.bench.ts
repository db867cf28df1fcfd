// Prints how fast a seek gets to the first full screen: `npm run bench:seek`.
// A 1,000,000-event session is generated straight into the event store, its keyframes written by folding it once
// (the lazy fill a first seek does), then 100 random moments (half by seq, half by time) are sought.
import { testing } from '@backtrack/store';
import { screenAt, SeekTarget } from '../src/seek/screen-at';
import { openScreenAt } from '../src/seek/screen-at';
import { GENERATE_EVENTS_SQL, KEYFRAME_STATS_SQL, SESSION_SPAN_SQL } from './generate-session.sql';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const SEEKS = Number(process.env['BENCH_SEEKS'] ?? 100);
const CHUNK = 100_000;

const seconds = (ns: bigint) => Number(ns) / 1e9;
const ms = (ns: bigint) => Number(ns) / 1e6;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const db = await testing.createTestDatabase({ poolSize: 2 });
  try {
    const sessionId = `bench-seek-${Date.now().toString(36)}`;
    let started = process.hrtime.bigint();
    for (let from = 1; from <= EVENTS; from += CHUNK) {
      await db.dataSource.query(GENERATE_EVENTS_SQL, [
        sessionId,
        Date.UTC(2025, 0, 7, 9),
        from,
        Math.min(EVENTS, from + CHUNK - 1),
      ]);
    }
    await db.dataSource.query('ANALYZE events');
    const [{ span_ms: spanMs, last_seq: lastSeq }] = await db.dataSource.query(SESSION_SPAN_SQL, [
      sessionId,
    ]);
    console.log(
      `generated ${lastSeq.toLocaleString()} events (${(spanMs / 3_600_000).toFixed(1)} h of session time) in ${seconds(process.hrtime.bigint() - started).toFixed(1)} s`,
    );

    started = process.hrtime.bigint();
    const writer = await openScreenAt(db.dataSource, sessionId, lastSeq);
    writer.screen.dispose();
    const [keyframes] = await db.dataSource.query(KEYFRAME_STATS_SQL, [sessionId]);
    console.log(
      `keyframes: ${keyframes.count} written in ${seconds(process.hrtime.bigint() - started).toFixed(1)} s ` +
        `(${(keyframes.bytes / keyframes.count / 1024).toFixed(1)} KiB of screen each)`,
    );

    const targets: SeekTarget[] = Array.from({ length: SEEKS }, (_, i) =>
      i % 2 === 0
        ? { seq: 1 + Math.floor(Math.random() * lastSeq) }
        : { time: Math.floor(Math.random() * spanMs) },
    );
    const first = process.hrtime.bigint();
    await screenAt(db.dataSource, sessionId, { seq: Math.floor(lastSeq / 2) });
    console.log(`first seek (cold): ${ms(process.hrtime.bigint() - first).toFixed(1)} ms`);
    const timings: number[] = [];
    for (const target of targets) {
      const start = process.hrtime.bigint();
      const snapshot = await screenAt(db.dataSource, sessionId, target);
      timings.push(ms(process.hrtime.bigint() - start));
      if (snapshot.screen.length === 0)
        throw new Error(`empty screen at ${JSON.stringify(target)}`);
    }
    timings.sort((a, b) => a - b);
    console.log(
      `${SEEKS} seeks to the first full screen: p50 ${percentile(timings, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(timings, 95).toFixed(1)} ms, max ${timings[timings.length - 1]!.toFixed(1)} ms (target p95 < 50 ms)`,
    );
  } finally {
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
