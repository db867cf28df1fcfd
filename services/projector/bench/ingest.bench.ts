// npm run bench:ingest — terminal events from many sessions, batched as the recorder batches them, through RabbitMQ
// and Kafka into the real projector process and Postgres. Prints sustained events/s, publish-to-stored lag and the
// rate of a plain COPY of the same rows (the physical ceiling). Figures are printed, never asserted.
// Flags: --events N (1,000,000) --sessions N (1,000) --buses rabbitmq,kafka --concurrency N (32 batches in flight)
//        --paced-seconds N (10; 0 skips the lag run at half load) --cpu-prof (profile the projector process)
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBus, EventBus } from '@backtrack/bus';
import { testing } from '@backtrack/store';
import { uniqueName } from '@backtrack/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Broker, BROKERS } from './brokers';
import { timedCopy } from './copy-ceiling';
import { summarizeCpuProfiles } from './cpu-profile-summary';
import { CpuMeter, pidsWhoseCommandLineHas, postgresPids } from './cpu-time';
import { count, runPhase, storedProblems } from './ingest-phase';
import {
  BusResult,
  CopyResult,
  duration,
  FULL_LOAD_POLL_MS,
  PACED_POLL_MS,
  print,
  printCopy,
  printFullLoad,
  printPaced,
  printSummary,
} from './ingest-report';
import { IngestWorkload, ingestWorkload } from './ingest-workload';
import { ProjectorProcess } from './projector-process';

interface Flags {
  events: number;
  sessions: number;
  buses: Broker[];
  concurrency: number;
  pacedSeconds: number;
  cpuProf: boolean;
}

function parseFlags(argv: string[]): Flags {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const given = argv[i + 1];
    if (given === undefined || given.startsWith('--')) throw new Error(`--${name} needs a value`);
    return given;
  };
  const integer = (name: string, fallback: number, min: number) => {
    const given = value(name, String(fallback));
    const number = Number(given.replace(/[_,]/g, ''));
    if (!Number.isInteger(number) || number < min)
      throw new Error(`--${name} must be an integer >= ${min} (got "${given}")`);
    return number;
  };
  const buses = value('buses', 'rabbitmq,kafka')
    .split(',')
    .map((name) => {
      const broker = BROKERS[name.trim()];
      if (!broker) throw new Error(`--buses: unknown bus "${name}" (use rabbitmq, kafka)`);
      return broker;
    });
  const flags = {
    events: integer('events', 1_000_000, 2),
    sessions: integer('sessions', 1_000, 1),
    buses,
    concurrency: integer('concurrency', 32, 1),
    pacedSeconds: integer('paced-seconds', 10, 0),
    cpuProf: argv.includes('--cpu-prof'),
  };
  if (flags.events < 2 * flags.sessions)
    throw new Error(
      `--events must be at least 2 per session (${flags.sessions} sessions need ${2 * flags.sessions})`,
    );
  return flags;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    print('interrupted: cleaning up (Ctrl-C again to quit at once)');
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const runId = uniqueName('ingest');
  print(
    `bench:ingest — ${count(flags.events)} events from ${count(flags.sessions)} sessions, batches of up to 500, ` +
      `${flags.concurrency} batches in flight; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
  );
  const generatedAt = performance.now();
  const load = ingestWorkload(`${runId}-load-`, flags.events, flags.sessions, {
    seed: 1,
    withCopyRows: true,
  });
  const batches = load.sessions.reduce((sum, session) => sum + session.length, 0);
  print(
    `generated ${count(batches)} batches, ${count(load.bytes / load.events)} bytes/event encoded, ` +
      `in ${duration(performance.now() - generatedAt)}`,
  );

  const copy = await copyCeiling(load);
  printCopy(load.events, copy);
  print();
  load.copyChunks.length = 0;

  const results: BusResult[] = [];
  for (const broker of flags.buses)
    results.push(await ingestThrough(broker, runId, load, flags, interrupt.signal));
  printSummary(results, copy);
}

async function copyCeiling(load: IngestWorkload): Promise<CopyResult> {
  const db = await testing.createTestDatabase({ poolSize: 1 });
  const client = new Client({ connectionString: db.url });
  try {
    await client.connect();
    const meter = await CpuMeter.start({ postgres: () => postgresPids(db.dataSource, db.name) });
    const seconds = await timedCopy(client, load.copyChunks, load.events);
    return { rate: load.events / seconds, cpu: await meter.stop() };
  } finally {
    await client.end();
    await db.drop();
  }
}

// One bus end to end: a fresh database and namespace, the projector process, a run at full load, then one at half
// load. Everything is removed again, even on failure.
async function ingestThrough(
  broker: Broker,
  runId: string,
  load: IngestWorkload,
  flags: Flags,
  signal: AbortSignal,
): Promise<BusResult> {
  const label = broker.name;
  const namespace = uniqueName('bench-ingest');
  const cleanups: Array<[string, () => Promise<void>]> = [];
  const profileDir = flags.cpuProf ? mkdtempSync(join(tmpdir(), 'ingest-prof-')) : undefined;
  try {
    const db = await testing.createTestDatabase({ poolSize: 2 });
    cleanups.push(['drop database', () => db.drop()]);
    cleanups.push(['delete namespace', () => broker.deleteNamespace(namespace)]);
    print(`${label}: database ${db.name}, namespace ${namespace}`);
    const projector = await ProjectorProcess.start({
      databaseUrl: db.url,
      busUrl: broker.url,
      namespace,
      nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      print,
    });
    cleanups.push(['stop projector', () => projector.stop()]);
    const bus = await createBus(broker.url, { namespace, groups: ['projector'] });
    cleanups.push(['close bus', () => bus.close()]);

    const meter = await CpuMeter.start({
      projector: () => [projector.pid],
      postgres: () => postgresPids(db.dataSource, db.name),
      broker: () => pidsWhoseCommandLineHas(broker.commandLineMarker),
      bench: () => [process.pid],
    });
    const full = await runPhase(bus, db.dataSource, load, {
      label,
      concurrency: flags.concurrency,
      pollMs: FULL_LOAD_POLL_MS,
      print,
      signal,
    });
    const cpu = await meter.stop();
    printFullLoad(label, full, cpu);

    const paced =
      flags.pacedSeconds > 0
        ? await atHalfLoad(label, bus, db.dataSource, `${runId}-paced-`, full.rate, flags, signal)
        : undefined;
    if (paced) printPaced(label, paced);
    const problems = await storedProblems(db.dataSource, full.events + (paced?.events ?? 0));
    if (problems) print(`${label}: WARNING: ${problems}`);
    await projector.stop();
    if (profileDir) for (const line of summarizeCpuProfiles(profileDir)) print(`${label}: ${line}`);
    print();
    return { bus: label, full, cpu, paced };
  } finally {
    for (const [what, cleanup] of cleanups.reverse()) {
      await cleanup().catch((error: Error) =>
        print(`${label}: could not ${what}: ${error.message}`),
      );
    }
  }
}

// The same kind of sessions published at half the rate reached at full load, to see the lag when the projector
// keeps up.
async function atHalfLoad(
  label: string,
  bus: EventBus,
  dataSource: DataSource,
  sessionPrefix: string,
  fullRate: number,
  flags: Flags,
  signal: AbortSignal,
): Promise<BusResult['paced']> {
  const pace = Math.max(1, Math.round(fullRate / 2));
  // Sessions as long as at full load, so the batches are the same size and only the load differs.
  const perSession = Math.max(2, Math.floor(flags.events / flags.sessions));
  const sessions = Math.max(1, Math.round((pace * flags.pacedSeconds) / perSession));
  const work = ingestWorkload(sessionPrefix, sessions * perSession, sessions, {
    seed: 1_000_003,
    withCopyRows: false,
  });
  const result = await runPhase(bus, dataSource, work, {
    label: `${label} at half load`,
    concurrency: flags.concurrency,
    pollMs: PACED_POLL_MS,
    eventsPerSecond: pace,
    print,
    signal,
  });
  return { ...result, pace };
}

// Exits explicitly: a broker client may keep a timer alive after close, and everything is cleaned up by then.
main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench:ingest failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
