// What the embedded mode can do: start-up (cold, warm), stop, and appendEvents throughput through the TCP socket,
// beside the same workload on the Postgres server at DATABASE_URL when one answers.
// Run: node -r @swc-node/register libs/store/src/embedded/embedded-postgres.bench.ts [events=100000]
import { AnyEvent, createEvent } from '@backtrack/events';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDataSource } from '../src/data-source';
import { appendEvents } from '../src/event-store/append-events';
import { runMigrations } from '../src/migrations/run-migrations';
import { createTestDatabase } from '../src/testing';
import { startEmbeddedPostgres } from '../src/embedded/start-embedded-postgres';

const TOTAL = Number(process.argv[2] ?? 100_000);
const SESSIONS = 100;
const WORKLOADS = [
  { batch: 100, inFlight: 1 },
  { batch: 1000, inFlight: 1 },
  { batch: 1000, inFlight: 4 },
];

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

function smallEvents(run: string, total: number): AnyEvent[] {
  const perSession = Math.ceil(total / SESSIONS);
  return Array.from({ length: total }, (_, i) =>
    createEvent({
      sessionId: `${run}-${i % SESSIONS}`,
      seq: Math.floor(i / SESSIONS) + 1,
      type: 'terminal.output',
      payload: { data: `line ${Math.floor(i / SESSIONS) + 1} of ${perSession}\r\n` },
      actor: { user: 'ada', host: 'ada-laptop' },
    }),
  );
}

async function appendThroughput(url: string, label: string): Promise<void> {
  for (const { batch, inFlight } of WORKLOADS) {
    const dataSource = await createDataSource({ url, poolSize: inFlight }).initialize();
    const events = smallEvents(`${label}-${batch}-${inFlight}-${Date.now()}`, TOTAL);
    const batches = Array.from({ length: Math.ceil(TOTAL / batch) }, (_, i) =>
      events.slice(i * batch, (i + 1) * batch),
    );
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const { ms } = await timed(async () => {
      let next = 0;
      const lane = async () => {
        while (next < batches.length) await appendEvents(dataSource, batches[next++]!);
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
    });
    loop.disable();
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE session_id LIKE $1`,
      [`${events[0]!.sessionId.replace(/-\d+$/, '')}-%`],
    );
    await dataSource.destroy();
    console.log(
      `${label.padEnd(9)} append ${TOTAL} events, batches of ${String(batch).padStart(4)}, ${inFlight} in flight: ` +
        `${(ms / 1000).toFixed(2)} s, ${Math.round((TOTAL / ms) * 1000)} events/s, stored ${row.n}, ` +
        `main-thread event-loop delay max ${(loop.max / 1e6).toFixed(0)} ms`,
    );
  }
}

async function embedded(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bt-embedded-bench-'));
  try {
    const rssAlone = process.memoryUsage().rss;
    const cold = await timed(() => startEmbeddedPostgres({ dataDir }));
    const migrate = await timed(() => runMigrations(cold.value.url));
    const coldStop = await timed(() => cold.value.stop());
    const warm = await timed(() => startEmbeddedPostgres({ dataDir }));
    console.log(
      `embedded  start cold (initdb) ${cold.ms.toFixed(0)} ms, migrations ${migrate.ms.toFixed(0)} ms, ` +
        `stop ${coldStop.ms.toFixed(0)} ms, start warm ${warm.ms.toFixed(0)} ms`,
    );
    const rssBefore = process.memoryUsage().rss;
    await appendThroughput(warm.value.url, 'embedded');
    console.log(
      `embedded  process memory (rss): ${mb(rssAlone)} before start, ${mb(rssBefore)} with PGlite started, ` +
        `${mb(process.memoryUsage().rss)} after the load`,
    );
    const stop = await timed(() => warm.value.stop());
    const again = await timed(() => startEmbeddedPostgres({ dataDir }));
    await again.value.stop();
    const size = execSync(`du -sh ${JSON.stringify(dataDir)}`)
      .toString()
      .split('\t')[0];
    console.log(
      `embedded  stop after the load ${stop.ms.toFixed(0)} ms, start warm with the data ${again.ms.toFixed(0)} ms, folder ${size}`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function server(): Promise<void> {
  const db = await createTestDatabase({ poolSize: 1 }).catch((error: Error) => {
    console.log(`server    skipped (no Postgres at DATABASE_URL: ${error.message})`);
    return undefined;
  });
  if (!db) return;
  try {
    await appendThroughput(db.url, 'server');
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  console.log(
    `node ${process.version}, ${TOTAL} small terminal.output events over ${SESSIONS} sessions`,
  );
  await embedded();
  await server();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
